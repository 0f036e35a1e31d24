/**
 * `--editor`: .idea/ and .vscode/ parse strictly, point at paths the generated project has,
 * follow the Celery answer, and come and go with the answer through reconcile, keeping a
 * user's edit.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectSuccess } from '../support/e2e.js';
import { generate } from '../support/generate.js';
import { filesUnder, ideaCommand, ideaPath, readIdea, readVscode, vscodeCommands } from '../support/ide.js';
import { removeTempDir } from '../support/tempdir.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

async function project(args: string[]): Promise<string> {
  const result = await generate(['--defaults', '--project-name', 'Editor Check', ...args]);
  dirs.push(result.dir);
  expectSuccess('djangoflow', result);
  return result.dir;
}

const ideaFiles = ['.gitignore', 'externalDependencies.xml', 'misc.xml', 'modules.xml', 'project.iml', 'ruff.xml'];
const runConfigurations = (celery: boolean) => [
  ...(celery ? ['runConfigurations/celery_worker.xml'] : []),
  'runConfigurations/runserver.xml',
  'runConfigurations/tests.xml',
];

test('--editor both with Celery: .idea/ parses and points at the project', async () => {
  const dir = await project(['--editor', 'both', '--celery']);
  expect(filesUnder(dir, '.idea')).toEqual([...ideaFiles, ...runConfigurations(true)].sort());
  const idea = await readIdea(dir);
  expect(idea.roots['project.iml']).toBe('module');
  expect(idea.modules.map((path) => ideaPath(dir, path))).toEqual([join(dir, '.idea/project.iml')]);
  expect(idea.sourceFolders.map((url) => ideaPath(dir, url))).toEqual([join(dir, 'src'), join(dir, 'src/apps')]);
  expect(idea.excludeFolders.map((url) => ideaPath(dir, url))).toContain(join(dir, '.venv'));
  // Django support: the settings module is a path under the root folder.
  const root = ideaPath(dir, idea.facet.rootFolder!);
  expect(existsSync(join(root, idea.facet.settingsModule!))).toBe(true);
  expect(existsSync(ideaPath(dir, idea.facet.manageScript!))).toBe(true);
  expect(readFileSync(join(dir, '.idea/misc.xml'), 'utf8')).toContain('project-jdk-name="Python 3.13 (editor_check)"');
  expect(readFileSync(join(dir, '.idea/ruff.xml'), 'utf8')).toMatch(/name="useRuffFormat" value="true"/);
  const commands = idea.configurations.map((c) => ideaCommand(dir, c));
  expect(commands.map((c) => c.name).sort()).toEqual(['celery worker', 'runserver', 'tests']);
  for (const command of commands) {
    expect(command.python).toBe(join(dir, '.venv/bin/python'));
    expect(existsSync(command.cwd)).toBe(true);
    const script = command.args[0] === '-m' ? null : command.args[0]!;
    if (script) expect(existsSync(script)).toBe(true);
  }
  expect(commands.find((c) => c.name === 'celery worker')!.args.slice(0, 4)).toEqual(['-m', 'celery', '-A', 'config.celery_app']);
  expect(existsSync(join(dir, 'src/config/celery_app.py'))).toBe(true);
});

test('--editor both: .vscode/ is strict JSON pointing at the project; the folders are not ignored', async () => {
  const dir = await project(['--editor', 'both', '--celery']);
  const settings = readVscode(dir, 'settings.json');
  expect(settings['python.defaultInterpreterPath']).toBe('${workspaceFolder}/.venv/bin/python');
  for (const path of settings['python.analysis.extraPaths'] as string[]) expect(existsSync(join(dir, path))).toBe(true);
  expect((settings['[python]'] as Record<string, unknown>)['editor.defaultFormatter']).toBe('charliermarsh.ruff');
  expect((readVscode(dir, 'extensions.json').recommendations as string[])).toEqual(expect.arrayContaining(['ms-python.python', 'charliermarsh.ruff']));
  const commands = vscodeCommands(dir);
  expect(commands.map((c) => c.name)).toEqual(['runserver', 'tests', 'celery worker']);
  for (const command of commands) expect(existsSync(command.cwd)).toBe(true);
  expect(existsSync(commands[0]!.args[0]!)).toBe(true);
  const ignored = readFileSync(join(dir, '.gitignore'), 'utf8').split('\n');
  expect(ignored).not.toContain('.idea/');
  expect(ignored).not.toContain('.vscode/');
  expect(readFileSync(join(dir, '.idea/.gitignore'), 'utf8')).toContain('/workspace.xml');
});

test('without Celery there is no worker configuration; --editor none (the default) writes neither folder', async () => {
  const plain = await project(['--editor', 'both']);
  expect(filesUnder(plain, '.idea/runConfigurations')).toEqual(['runserver.xml', 'tests.xml']);
  expect(vscodeCommands(plain).map((c) => c.name)).toEqual(['runserver', 'tests']);
  const none = await project([]);
  expect(existsSync(join(none, '.idea')) || existsSync(join(none, '.vscode'))).toBe(false);
  const ignored = readFileSync(join(none, '.gitignore'), 'utf8').split('\n');
  expect(ignored).toEqual(expect.arrayContaining(['.idea/', '.vscode/']));
});

test('switching --editor adds and removes the folders through reconcile; an edit to settings.json survives', async () => {
  const dir = await project(['--editor', 'vscode']);
  expect(existsSync(join(dir, '.idea'))).toBe(false);
  const path = join(dir, '.vscode/settings.json');
  const edited = { ...(JSON.parse(readFileSync(path, 'utf8')) as object), 'editor.rulers': [88] };
  writeFileSync(path, `${JSON.stringify(edited, null, 2)}\n`);

  const both = await generate(['--editor', 'both'], { cwd: dir });
  expectSuccess('djangoflow --editor both', both);
  expect(filesUnder(dir, '.idea')).toEqual([...ideaFiles, ...runConfigurations(false)].sort());
  expect(readVscode(dir, 'settings.json')['editor.rulers']).toEqual([88]);

  const pycharm = await generate(['--editor', 'pycharm'], { cwd: dir });
  expectSuccess('djangoflow --editor pycharm', pycharm);
  // The edited file is the user's now: reconcile keeps it, the untouched ones go.
  expect(filesUnder(dir, '.vscode')).toEqual(['settings.json']);
  expect(existsSync(join(dir, '.idea/project.iml'))).toBe(true);

  const none = await generate(['--editor', 'none'], { cwd: dir });
  expectSuccess('djangoflow --editor none', none);
  expect(existsSync(join(dir, '.idea'))).toBe(false);
  expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toContain('.idea/');
});
