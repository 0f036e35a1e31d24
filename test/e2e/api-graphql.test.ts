/**
 * A GraphQL project (`--api graphql`, strawberry-graphql-django) on its real stack, with two
 * apps whose models relate across them (fk and m2m): the shared real-stack checks (install,
 * check, migrations, the project's own tests with the generated GraphQL tests, check
 * --deploy, gunicorn, ruff and mypy), then the API over HTTP through gunicorn on production
 * settings: an anonymous query refused, a signed-in query and mutation answered (with CSRF),
 * a query deeper than the limit refused, introspection and GraphiQL closed.
 */
import { readText } from '../support/files.js';
import { csrf, https, twoAppsMigrations, serveApi, twoRelatedApps } from '../support/api-stack.js';
import { describeRealStack, type RealProject } from '../support/real-stack.js';
import { signedInCookie } from '../support/signed-in.js';
import { call } from '../plugins/http.js';
import { pluginChecks } from '../plugins/stack-checks.js';
import { graphqlProject } from '../plugins/stack-projects.js';

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string }[];
}

describeRealStack(graphqlProject.label, graphqlProject.args, {
  commands: twoRelatedApps,
  makeMigrations: twoAppsMigrations,
  extra: (project: () => RealProject) => {
    pluginChecks(graphqlProject, project);

    test('the generated code is GraphQL only: no DRF, one schema part per app', () => {
      const { dir } = project();
      expect(readText(dir, 'base/requirements/base.txt')).toMatch(/^strawberry-graphql-django==/m);
      expect(readText(dir, 'base/requirements/base.txt')).not.toMatch(/djangorestframework/);
      const schema = readText(dir, 'src/config/api/graphql.py');
      expect(schema).toContain('Query = merge_types("Query", (ProjectQuery, BlogQuery, ShopQuery))');
      expect(readText(dir, 'src/config/settings/local.py')).toMatch(/^GRAPHQL_IDE = True$/m);
    });

    describe('the API through gunicorn on production settings', () => {
      const served = serveApi(project, { 'graph-reader': false });

      const csrfHeaders = { 'X-CSRFToken': csrf, Origin: '' };
      const query = async (text: string, variables: Record<string, unknown> = {}, cookie = '') => {
        const { server, host } = served();
        const headers = { ...https, ...csrfHeaders, Origin: `https://${host}`, Cookie: `${cookie ? `${cookie}; ` : ''}__Secure-csrftoken=${csrf}` };
        const response = await call(server.port, '/api/graphql/', host, { method: 'POST', json: { query: text, variables }, headers });
        expect({ status: response.status, log: response.status >= 500 ? server.output() : '' }).toEqual({ status: 200, log: '' });
        return JSON.parse(response.body) as GraphqlBody;
      };
      const reader = () => served().cookies['graph-reader']!;

      test('an anonymous query is refused', async () => {
        const body = await query('{ posts { id } }');
        expect(body.data).toBeNull();
        expect(body.errors?.[0]?.message).toBe('User is not authenticated.');
      });

      test('a signed-in user runs a mutation and a query; another user sees none of it', async () => {
        const tag = await query('mutation { createTag(data: {name: "news"}) { id name } }', {}, reader());
        expect(tag.errors).toBeUndefined();
        const tagId = (tag.data!.createTag as { id: string }).id;
        const created = await query(
          'mutation($data: PostInput!) { createPost(data: $data) { id title tags authorId } }',
          { data: { title: 'Hello', body: 'World', tags: [tagId] } },
          reader(),
        );
        expect(created.errors).toBeUndefined();
        expect(created.data!.createPost).toMatchObject({ title: 'Hello', tags: [tagId] });
        const listed = await query('{ posts { title tags } }', {}, reader());
        expect(listed.data).toEqual({ posts: [{ title: 'Hello', tags: [tagId] }] });
        const other = await signedInCookie(project(), 'graph-other');
        expect((await query('{ posts { id } }', {}, other)).data).toEqual({ posts: [] });
      });

      test('a POST without the CSRF token is refused', async () => {
        const response = await call(served().port, '/api/graphql/', served().host, {
          method: 'POST',
          json: { query: '{ signedIn }' },
          headers: { ...https, Cookie: reader() },
        });
        expect(response.status).toBe(403);
      });

      test('a query deeper than the limit is refused before it runs', async () => {
        const body = await query('query Deep { posts { a { b { c { d { e { f { g } } } } } } } }', {}, reader());
        expect(body.data ?? null).toBeNull();
        expect(body.errors?.map((error) => error.message).join(' ')).toContain("'Deep' exceeds maximum operation depth of 6");
      });

      test('introspection and GraphiQL are closed in production', async () => {
        const body = await query('{ __schema { types { name } } }', {}, reader());
        expect(body.data ?? null).toBeNull();
        expect(JSON.stringify(body.errors).toLowerCase()).toContain('introspection');
        const page = await call(served().port, '/api/graphql/', served().host, { headers: { ...https, Accept: 'text/html', Cookie: reader() } });
        expect(page.body).not.toMatch(/graphiql/i);
        expect(page.status).not.toBe(200);
      });
    });
  },
});
