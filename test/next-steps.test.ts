/**
 * Next steps after every command that changes what must be installed or migrated (issue 25):
 * plugin add and remove, answer changes, upgrade, startapp and model, a first generation that
 * ends in conflicts, the UI's Apply. One place (`lib/run/next-steps.ts`) decides them; these runs
 * of the bin prove what each command prints, and that a change needing nothing prints nothing.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../generators/ui/session.js';
import { exitCodes } from '../lib/run/exit-codes.js';
import { templatesDir } from '../lib/template-set/paths.js';
import { loadTemplateSet } from '../lib/template-set/index.js';
import { generateInProcess } from './support/generate-in-process.js';
import { makeTempDir, removeTempDir } from './support/tempdir.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

/** A fresh default project (no git: the dirty-tree guard stays out of the way). */
async function project(args: string[] = []): Promise<string> {
  const result = await generateInProcess(['--defaults', ...args]);
  dirs.push(result.dir);
  expect(result.code).toBe(0);
  return result.dir;
}

/** The lines from "Next…" on. */
function next(stdout: string): string[] {
  const lines = stdout.trimEnd().split('\n');
  const at = lines.findIndex((line) => line.startsWith('Next'));
  return at < 0 ? [] : lines.slice(at);
}

async function djangoflow(dir: string, args: string[]) {
  return generateInProcess(args, { cwd: dir });
}

test('plugin add and remove: install the requirements, migrate the apps', async () => {
  const dir = await project();
  const added = await djangoflow(dir, ['plugin', 'celery']);
  expect(added.code).toBe(0);
  expect(next(added.stdout)).toEqual(['Next:', '  make install', '  python src/manage.py migrate']);
  const removed = await djangoflow(dir, ['plugin', '--remove', 'celery']);
  expect(removed.code).toBe(0);
  expect(next(removed.stdout)).toEqual(['Next:', '  make install', '  python src/manage.py migrate']);
}, 60_000);

test('an answer change: the same steps when it changes requirements, none when it does not', async () => {
  const dir = await project();
  const ci = await djangoflow(dir, ['--ci', 'gitlab']);
  expect(ci.code).toBe(0);
  expect(next(ci.stdout)).toEqual([]);
  const celery = await djangoflow(dir, ['--celery']);
  expect(next(celery.stdout)).toEqual(['Next:', '  make install', '  python src/manage.py migrate']);
  const database = await djangoflow(dir, ['--database', 'mysql']);
  expect(next(database.stdout)).toEqual(['Next:', '  make install', '  python src/manage.py migrate']);
}, 60_000);

test("a new Python version: a venv of that Python before the install, since the old venv runs the old one", async () => {
  const dir = await project();
  const older = await djangoflow(dir, ['--python-version', '3.12']);
  expect(older.code).toBe(0);
  expect(next(older.stdout)).toEqual(['Next:', '  python3.12 -m venv --clear .venv && . .venv/bin/activate', '  make install']);
  const same = await djangoflow(dir, ['--python-version', '3.12']);
  expect(next(same.stdout)).toEqual([]);
  const newer = await djangoflow(dir, ['--python-version', '3.13', '--celery']);
  expect(next(newer.stdout)).toEqual(['Next:', '  python3.13 -m venv --clear .venv && . .venv/bin/activate', '  make install', '  python src/manage.py migrate']);
}, 60_000);

test('startapp and model: makemigrations for the app, then migrate; an app without models needs nothing', async () => {
  const dir = await project();
  const bare = await djangoflow(dir, ['startapp', 'notes']);
  expect(bare.code).toBe(0);
  expect(next(bare.stdout)).toEqual([]);
  const app = await djangoflow(dir, ['startapp', 'blog', '--model', 'Post', 'title:str']);
  expect(next(app.stdout)).toEqual(['Next:', '  python src/manage.py makemigrations blog', '  python src/manage.py migrate', expect.stringMatching(/^Added src\/apps\/blog\//)]);
  const model = await djangoflow(dir, ['model', 'blog', 'Post', 'body:text?']);
  expect(next(model.stdout)).toEqual(['Next:', '  python src/manage.py makemigrations blog', '  python src/manage.py migrate']);
}, 60_000);

test('upgrade to a release that changes the requirements says to install them', async () => {
  const dir = makeTempDir('next-upgrade');
  dirs.push(dir);
  const one = join(dir, 'templates-one');
  const two = join(dir, 'templates-two');
  cpSync(templatesDir(), one, { recursive: true });
  cpSync(templatesDir(), two, { recursive: true });
  const requirements = join(two, 'project/base/requirements/base.txt.ejs');
  writeFileSync(requirements, `# Release 0.2.0.\n${readFileSync(requirements, 'utf8')}`);
  const projectDir = join(dir, 'acme');
  mkdirSync(projectDir);
  const at = (templates: string, version: string) => ({ DJANGOFLOW_TEMPLATES: templates, DJANGOFLOW_VERSION: version });
  expect((await generateInProcess(['--defaults'], { cwd: projectDir, env: at(one, '0.1.0') })).code).toBe(0);
  const upgraded = await generateInProcess(['upgrade'], { cwd: projectDir, env: at(two, '0.2.0') });
  expect(upgraded.code).toBe(0);
  expect(next(upgraded.stdout)).toEqual(['Next:', '  make install']);
}, 60_000);

test('a first generation that ends in conflicts gives the set-up once they are resolved', async () => {
  const dir = makeTempDir('next-conflict');
  dirs.push(dir);
  // A second [project] table cannot be merged into the template's: TOML refuses it.
  writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "ours"\n');
  const result = await generateInProcess(['--defaults', '--force'], { cwd: dir });
  expect(result.code).toBe(exitCodes.conflicts);
  expect(next(result.stdout)).toEqual([
    'Next, once the conflicts are resolved:',
    '  python3.13 -m venv .venv && . .venv/bin/activate',
    '  make install',
    '  make migrate run',
  ]);
});

test("the UI's Generate and Apply print the same steps", async () => {
  const dir = makeTempDir('next-ui');
  dirs.push(dir);
  const templates = loadTemplateSet(templatesDir());
  const session = new Session(dir, templates, false);
  const generated = await session.apply(session.data().initial);
  expect(generated).toMatchObject({ exitCode: exitCodes.done });
  expect(next((generated as { lines: string[] }).lines.join('\n'))).toEqual(expect.arrayContaining(['Next:', '  make install']));
  const again = new Session(dir, templates, false);
  const { initial } = again.data();
  const applied = await again.apply({ ...initial, answers: { ...initial.answers, celery: true } });
  expect(next((applied as { lines: string[] }).lines.join('\n'))).toEqual(['Next:', '  make install', '  python src/manage.py migrate']);
}, 60_000);
