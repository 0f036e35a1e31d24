/**
 * Friendlier input (issue 25), through the bin: "did you mean" for commands, options, choices,
 * plugins, field types and relation targets; several plugins in one `plugin` command; the
 * common options accepted by every command; names that cannot import refused as app names;
 * DJANGOFLOW_VERSION checked; generated files following the umask.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../support/generate.js';
import { binPath } from '../support/paths.js';
import { run } from '../support/process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

let project = '';
beforeAll(async () => {
  const result = await generate(['--defaults']);
  dirs.push(result.dir);
  expect(result.code).toBe(0);
  project = result.dir;
  expect((await generate(['startapp', 'blog', '--model', 'Post', 'title:str'], { cwd: project })).code).toBe(0);
}, 60_000);

/** A refusal: exit 1, one line on stderr, the record untouched. */
async function refused(args: string[], cwd = project, env: NodeJS.ProcessEnv = {}) {
  const record = existsSync(join(cwd, '.yo-rc.json')) ? readFileSync(join(cwd, '.yo-rc.json'), 'utf8') : null;
  const result = await generate(args, { cwd, env });
  expect({ args, code: result.code }).toEqual({ args, code: 1 });
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  if (record !== null) expect(readFileSync(join(cwd, '.yo-rc.json'), 'utf8')).toBe(record);
  return lines[0]!;
}

test.each([
  [['startap', 'news'], /unknown command "startap" \(did you mean "startapp"\?\); see djangoflow --help/],
  [['--databse', 'mysql'], /unknown option --databse \(did you mean --database\?\)/],
  [['--database', 'postgres'], /--database must be one of postgresql, mysql, sqlite; got "postgres" \(did you mean "postgresql"\?\)/],
  [['plugin', 'celry'], /unknown plugin "celry" \(did you mean "celery"\?\); see: djangoflow plugin --list/],
  [['model', 'blog', 'Post', 'body:string'], /unknown type "string" \(did you mean "str"\?\) \(types: /],
  [['model', 'blog', 'Post', 'author:fk=User'], /app "blog" has no model "User" that djangoflow knows of \(did you mean "users\.User"\?\)/],
  [['model', 'blog', 'Post', 'author:fk=user.User'], /the project has no app "user" \(did you mean "users\.User"\?\)/],
  [['plugin', 'jenkins'], /^djangoflow: unknown plugin "jenkins"; see: djangoflow plugin --list$/],
])('%j is refused with a suggestion where one is near', async (args, message) => {
  expect(await refused(args)).toMatch(message);
});

test('several plugins in one plugin command, in and out; a plugin named twice is refused', async () => {
  const dir = (await generate(['--defaults', '--cache', 'locmem'])).dir;
  dirs.push(dir);
  const added = await generate(['plugin', 'cors', 'reversion'], { cwd: dir });
  expect(added.code).toBe(0);
  const plugins = () => JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-djangoflow'].plugins;
  expect(plugins()).toEqual(expect.arrayContaining(['cors', 'reversion']));
  expect(readFileSync(join(dir, 'base/requirements/base.txt'), 'utf8')).toMatch(/django-cors-headers==[\s\S]*django-reversion==/);
  // A dependency named after the plugin that brings it is on already: no refusal.
  expect((await generate(['plugin', 'celery', 'redis'], { cwd: dir })).code).toBe(0);
  expect(await refused(['plugin', 'cors', 'cors'], dir)).toMatch(/plugin "cors" is named twice/);
  expect(await refused(['plugin', 'anymail', 'cors'], dir)).toMatch(/plugin cors is already in this project/);
  const removed = await generate(['plugin', '--remove', 'cors', 'reversion'], { cwd: dir });
  expect(removed.code).toBe(0);
  expect(plugins()).not.toEqual(expect.arrayContaining(['cors']));
  expect(plugins()).not.toEqual(expect.arrayContaining(['reversion']));
}, 60_000);

test('the common options are accepted by every command that works on a project', async () => {
  const dir = (await generate(['--defaults'])).dir;
  dirs.push(dir);
  for (const args of [
    ['startapp', 'news', '--defaults', '--verbose'],
    ['model', 'news', 'Item', 'name:str', '--defaults', '--dry-run'],
    ['plugin', 'cors', '--defaults', '--force'],
    ['upgrade', '--defaults', '--verbose', '--dry-run'],
  ]) {
    const result = await generate(args, { cwd: dir });
    expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
  }
}, 60_000);

test.each(['__main__', '__init__', '__pycache__', '__blog'])('startapp %s is refused: it cannot import as an app', async (name) => {
  expect(await refused(['startapp', name])).toMatch(/cannot be imported as a package of its own/);
  expect(existsSync(join(project, 'src/apps', name))).toBe(false);
});

test.each(['', 'junk', '1.2', 'v1.2.3', '1.2.3 '])('DJANGOFLOW_VERSION=%j is refused with one line, nothing written', async (version) => {
  const dir = makeTempDir('bad-version');
  dirs.push(dir);
  expect(await refused(['--defaults'], dir, { DJANGOFLOW_VERSION: version })).toMatch(/^djangoflow: DJANGOFLOW_VERSION=".*" is not a version like 1\.2\.3/);
  expect(readdirSync(dir).filter((name) => name !== '.djangoflow')).toEqual([]);
});

test('generated files follow the umask (077: only the owner reads them; scripts stay executable for the owner)', async () => {
  const dir = makeTempDir('umask');
  dirs.push(dir);
  const result = await run('bash', ['-c', `umask 077 && exec "${process.execPath}" "${binPath}" --defaults`], { cwd: dir, env: { ...process.env, CI: 'true' } });
  expect(result.code).toBe(0);
  const mode = (path: string) => (statSync(join(dir, path)).mode & 0o777).toString(8);
  expect(mode('README.md')).toBe('600');
  expect(mode('src/config/settings/base.py')).toBe('600');
  expect(mode('.env')).toBe('600');
  expect(mode('tools/env')).toBe('700');
  // Under the usual 022 they are readable by all, as before.
  const open = makeTempDir('umask-022');
  dirs.push(open);
  expect((await run('bash', ['-c', `umask 022 && exec "${process.execPath}" "${binPath}" --defaults`], { cwd: open, env: { ...process.env, CI: 'true' } })).code).toBe(0);
  expect((statSync(join(open, 'README.md')).mode & 0o777).toString(8)).toBe('644');
  expect((statSync(join(open, 'tools/env')).mode & 0o777).toString(8)).toBe('755');
}, 60_000);
