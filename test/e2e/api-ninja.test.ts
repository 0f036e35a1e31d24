/**
 * A Django Ninja project (`--api ninja`) on its real stack, with two apps whose models relate
 * across them (fk and m2m): the shared real-stack checks (install, check, migrations, the
 * project's own tests with the generated Ninja API tests, check --deploy, gunicorn, ruff and
 * mypy), then the API over HTTP through gunicorn on production settings: anonymous requests
 * refused, a signed-in user lists and creates (with CSRF), another user's rows invisible, the
 * OpenAPI docs for staff only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { templatesDir } from '../../lib/template-set/paths.js';
import { readText } from '../support/files.js';
import { csrf, https, twoAppsMigrations, serveApi, twoRelatedApps } from '../support/api-stack.js';
import { describeRealStack, type RealProject } from '../support/real-stack.js';
import { call } from '../plugins/http.js';
import { pluginChecks } from '../plugins/stack-checks.js';
import { ninjaProject } from '../plugins/stack-projects.js';

describeRealStack(ninjaProject.label, ninjaProject.args, {
  commands: twoRelatedApps,
  makeMigrations: twoAppsMigrations,
  extra: (project: () => RealProject) => {
    pluginChecks(ninjaProject, project);

    test('the generated code is Ninja only: no DRF, one router per app', () => {
      const { dir } = project();
      expect(readText(dir, 'base/requirements/base.txt')).toMatch(/^django-ninja==/m);
      expect(readText(dir, 'base/requirements/base.txt')).not.toMatch(/djangorestframework/);
      const api = readText(dir, 'src/config/api/ninja.py');
      expect(api).toContain('api.add_router("blog/", "blog.ninja.routers.router")');
      expect(api).toContain('api.add_router("shop/", "shop.ninja.routers.router")');
    });

    test("the field names the ninja plugin reserves are the public attributes of the installed pydantic's BaseModel", async () => {
      const listed = await project().stack.run(['-c', 'import pydantic; print(" ".join(sorted(n for n in dir(pydantic.BaseModel) if not n.startswith("_"))))']);
      expect(listed.code).toBe(0);
      const reserved = parse(readFileSync(join(templatesDir(), 'plugins/ninja/plugin.yaml'), 'utf8')).reservedFieldNames.names as string[];
      expect([...reserved].sort()).toEqual(listed.stdout.trim().split(' '));
    });

    describe('the API through gunicorn on production settings', () => {
      const served = serveApi(project, { 'ninja-reader': false, 'ninja-staff': true });
      const reader = () => served().cookies['ninja-reader']!;
      const staff = () => served().cookies['ninja-staff']!;

      const send = (path: string, options: Parameters<typeof call>[3] = {}) =>
        call(served().port, path, served().host, { ...options, headers: { ...https, ...options.headers } });
      const signedIn = (cookie: string) => ({
        Cookie: `${cookie}; __Secure-csrftoken=${csrf}`,
        'X-CSRFToken': csrf,
        Origin: `https://${served().host}`,
      });

      test('anonymous requests are refused', async () => {
        expect((await send('/api/ninja/blog/posts/')).status).toBe(401);
        const csrfOnly = { Cookie: `__Secure-csrftoken=${csrf}`, 'X-CSRFToken': csrf, Origin: `https://${served().host}` };
        expect((await send('/api/ninja/blog/tags/', { method: 'POST', json: { name: 'x' }, headers: csrfOnly })).status).toBe(401);
        // Without the CSRF token the session check refuses first.
        expect((await send('/api/ninja/blog/tags/', { method: 'POST', json: { name: 'x' } })).status).toBe(403);
      });

      test('a signed-in user creates and lists; the owner comes from the session', async () => {
        const tag = await send('/api/ninja/blog/tags/', { method: 'POST', json: { name: 'news' }, headers: signedIn(reader()) });
        expect({ status: tag.status, log: tag.status >= 500 ? served().server.output() : '' }).toEqual({ status: 201, log: '' });
        const tagId = (JSON.parse(tag.body) as { id: number }).id;
        const created = await send('/api/ninja/blog/posts/', {
          method: 'POST',
          json: { title: 'Hello', body: 'World', tags: [tagId] },
          headers: signedIn(reader()),
        });
        expect(created.status).toBe(201);
        expect(JSON.parse(created.body)).toMatchObject({ title: 'Hello', tags: [tagId] });
        const listed = await send('/api/ninja/blog/posts/', { headers: signedIn(reader()) });
        expect(listed.status).toBe(200);
        expect(JSON.parse(listed.body)).toMatchObject({ count: 1, items: [{ title: 'Hello', tags: [tagId] }] });
        // Another user sees none of it.
        const theirs = await send('/api/ninja/blog/posts/', { headers: signedIn(staff()) });
        expect(JSON.parse(theirs.body)).toMatchObject({ count: 0, items: [] });
      });

      test('a change without the CSRF token is refused', async () => {
        const response = await send('/api/ninja/blog/tags/', { method: 'POST', json: { name: 'x' }, headers: { Cookie: reader() } });
        expect(response.status).toBe(403);
      });

      test('the OpenAPI schema and docs are for staff only', async () => {
        for (const path of ['/api/ninja/openapi.json', '/api/ninja/docs']) {
          expect({ path, status: (await send(path)).status }).toEqual({ path, status: 403 });
          expect({ path, status: (await send(path, { headers: signedIn(reader()) })).status }).toEqual({ path, status: 403 });
        }
        const schema = await send('/api/ninja/openapi.json', { headers: signedIn(staff()) });
        expect(schema.status).toBe(200);
        expect(Object.keys((JSON.parse(schema.body) as { paths: object }).paths)).toEqual(
          expect.arrayContaining(['/api/ninja/blog/posts/', '/api/ninja/shop/items/{pk}/']),
        );
      });
    });
  },
});
