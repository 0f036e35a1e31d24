/**
 * `--api` as a set of styles (drf, ninja, graphql, or none): what each renders for the apps
 * and the project, the recorded answer, switching styles later (a reconcile like any answer
 * change, the user's edits kept), `plugin` adding and removing one style, and the generated
 * Python of every style clean under the project's ruff settings.
 */
import { existsSync } from 'node:fs';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, readText } from '../support/files.js';
import { generateInProcess } from '../support/generate-in-process.js';
import { describeRun } from '../support/process.js';
import { ruffProblems } from '../support/ruff.js';
import { removeTempDir } from '../support/tempdir.js';

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => removeTempDir(dir)));

const blog = ['startapp', 'blog', '--model', 'Post', 'title:str', 'author:fk=users.User', 'tags:m2m=Tag', 'day:date', '--model', 'Tag', 'name:str'];

async function project(api: string, ...commands: string[][]): Promise<string> {
  const result = await generateInProcess(['--defaults', '--project-name', 'Acme', '--api', api]);
  temps.push(result.dir);
  if (result.code !== 0) throw new Error(describeRun(`generate --api ${api}`, result));
  for (const args of commands) {
    const ran = await generateInProcess(args, { cwd: result.dir });
    if (ran.code !== 0) throw new Error(describeRun(args.join(' '), ran));
  }
  return result.dir;
}

const recordedApi = (dir: string): unknown => JSON.parse(readText(dir, '.yo-rc.json'))['generator-djangoflow'].answers.api;
const has = (dir: string, path: string) => existsSync(join(dir, path));

test('--api drf keeps the DRF project as it was: no Ninja or GraphQL code, the router and its tests', async () => {
  const dir = await project('drf', blog);
  expect(recordedApi(dir)).toBe('drf');
  expect(has(dir, 'src/config/api/routes.py')).toBe(true);
  expect(has(dir, 'src/apps/blog/drf/viewsets.py')).toBe(true);
  expect(has(dir, 'src/apps/blog/tests/test_api.py')).toBe(true);
  expect(listFiles(dir).filter((path) => /ninja|graphql/.test(path))).toEqual([]);
  expect(readText(dir, 'base/requirements/base.txt')).not.toMatch(/ninja|strawberry/);
  expect(readText(dir, 'src/apps/blog/apps.py')).toContain('# The API router mounts blog.drf.urls at api/v1/<api_path>.');
});

test('several styles at once, recorded in one order; each style mounted under api/', async () => {
  const dir = await project('graphql, ninja,drf', blog);
  expect(recordedApi(dir)).toBe('drf,ninja,graphql');
  for (const path of ['src/apps/blog/drf/viewsets.py', 'src/apps/blog/ninja/routers.py', 'src/apps/blog/graphql/schema.py']) {
    expect({ path, exists: has(dir, path) }).toEqual({ path, exists: true });
  }
  for (const path of ['src/apps/blog/tests/test_api.py', 'src/apps/blog/tests/test_ninja_api.py', 'src/apps/blog/tests/test_graphql_api.py']) {
    expect({ path, exists: has(dir, path) }).toEqual({ path, exists: true });
  }
  for (const urls of ['src/config/urls.py', 'src/config/api/urls.py']) {
    const text = readText(dir, urls);
    expect(text).toContain('path("api/", include("config.api.routes")),');
    expect(text).toContain('path("api/ninja/", ninja_api.urls),');
    expect(text).toContain('path("api/graphql/", graphql_view, name="graphql"),');
  }
  // The owner comes from the request in every style.
  expect(readText(dir, 'src/apps/blog/ninja/routers.py')).toContain('form.instance.author = request.user');
  expect(readText(dir, 'src/apps/blog/graphql/schema.py')).toContain('form.instance.author = user_of(info)');
  expect(ruffProblems(dir, listFiles(dir).filter((path) => path.endsWith(".py") || path === "pyproject.toml"))).toEqual({ config: [], format: [], lint: [] });
});

test('--api none: no api deployment, no API code', async () => {
  const dir = await project('none', blog);
  expect(has(dir, 'src/config/api')).toBe(false);
  expect(listFiles(dir).filter((path) => /\/(drf|ninja|graphql)\//.test(path))).toEqual([]);
  expect(readText(dir, 'src/apps/blog/apps.py')).not.toContain('DFMeta');
});

test('switching styles later reconciles: the old style goes, the new one comes, the user edits stay', async () => {
  const dir = await project('drf', blog);
  appendFileSync(join(dir, 'src/apps/blog/models.py'), '\n# Our note.\n');
  const switched = await generateInProcess(['--api', 'ninja'], { cwd: dir });
  expect(switched.code).toBe(0);
  expect(recordedApi(dir)).toBe('ninja');
  expect(has(dir, 'src/apps/blog/drf')).toBe(false);
  expect(has(dir, 'src/config/api/routes.py')).toBe(false);
  expect(has(dir, 'src/apps/blog/ninja/routers.py')).toBe(true);
  expect(readText(dir, 'src/config/api/ninja.py')).toContain('api.add_router("blog/", "blog.ninja.routers.router")');
  expect(readText(dir, 'src/apps/blog/models.py')).toContain('# Our note.');
  expect(readText(dir, 'src/apps/blog/apps.py')).toContain("# The app's API is served under <api_path> (config/api/).");
});

test('plugin adds a style to the set and --remove takes it out; the last one out leaves none', async () => {
  const dir = await project('drf');
  expect((await generateInProcess(['plugin', 'graphql'], { cwd: dir })).code).toBe(0);
  expect(recordedApi(dir)).toBe('drf,graphql');
  expect((await generateInProcess(['plugin', '--remove', 'drf'], { cwd: dir })).code).toBe(0);
  expect(recordedApi(dir)).toBe('graphql');
  expect(has(dir, 'src/config/api/graphql.py')).toBe(true);
  expect((await generateInProcess(['plugin', '--remove', 'graphql'], { cwd: dir })).code).toBe(0);
  expect(recordedApi(dir)).toBe('none');
  expect(has(dir, 'src/config/api')).toBe(false);
});

test('model grows every chosen style: a new model gets its routes, its type and its tests', async () => {
  const dir = await project('ninja,graphql', blog);
  const added = await generateInProcess(['model', 'blog', 'Comment', 'text:text', 'post:fk=Post'], { cwd: dir });
  expect(added.code).toBe(0);
  expect(readText(dir, 'src/apps/blog/ninja/routers.py')).toContain('@router.get("/comments/", response=list[CommentOut], url_name="comment-list")');
  expect(readText(dir, 'src/apps/blog/graphql/schema.py')).toContain('class CommentType:');
  expect(readText(dir, 'src/apps/blog/tests/test_ninja_api.py')).toContain('class CommentNinjaApiTests(TestCase):');
  expect(readText(dir, 'src/apps/blog/tests/test_graphql_api.py')).toContain('class CommentGraphqlApiTests(GraphqlTestCase):');
});
