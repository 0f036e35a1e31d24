/**
 * Every command example of the README, run: each line of its fenced shell blocks runs in
 * bash, in a scratch folder set up as its section assumes (a project generated first where
 * it needs one, a venv of the project's pinned stack for the `python` lines), with the bin
 * as `djangoflow` on PATH. Each must exit 0 (or as its note says), do what its section says,
 * and print what a console block shows under it. A line that cannot run here is listed
 * below with the reason; a README command neither run nor listed fails the first test.
 */
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateInProcess } from './support/generate-in-process.js';
import { repoRoot } from './support/paths.js';
import { describeRun, run } from './support/process.js';
import { type ReadmeCommand, ShellSession, djangoflowOnPath, readmeBlock, readmeCommands, sessionEnv } from './support/readme.js';
import { installProject } from './support/stack.js';
import { makeTempDir, removeTempDir } from './support/tempdir.js';
import { installedPackage, yoRunner } from './support/yeoman.js';

/** README lines no test here runs, and why. */
const notRun: Record<string, string> = {
  'git clone <this repository> generator-djangoflow && cd generator-djangoflow && npm install':
    'the repository address is a placeholder; the clone this test runs in is that step done (npm install is what .ci/run does)',
  'npm link': "writes to npm's global folder; the scenario puts the same bin on PATH as `djangoflow` (djangoflowOnPath)",
  'npm install -g generator-djangoflow@latest': 'installs a published release from the registry; the release is played by DJANGOFLOW_TEMPLATES and DJANGOFLOW_VERSION instead',
  'mkdir acme && cd acme': "only sets up the line below, which is not run here",
  'djangoflow ui': 'serves until Ctrl-C and opens a browser; test/ui/ drives it in Chromium',
};

/** README lines whose exit is not 0, as their note says. */
const expectedExit: Record<string, number> = {
  'djangoflow model blog Category --remove': 1,
};

/** The sections a scenario below runs, every runnable line of each. */
const scenarios = [
  '## Set up',
  '### Example session',
  '### Regenerate with changed answers',
  '### `djangoflow startapp <name>`: add a Django app',
  '### `djangoflow model <app> <Model>`: add and grow models',
  '### `djangoflow adopt-app <name>`: record an app made by hand',
  '### `djangoflow upgrade`: take a new generator release',
];

const commands = readmeCommands();
const runnable = (section: string): ReadmeCommand[] => commands.filter((c) => c.section === section && !(c.command in notRun));

const scratches: string[] = [];
afterAll(() => scratches.forEach(removeTempDir));

function scratch(prefix: string): string {
  const dir = makeTempDir(prefix);
  scratches.push(dir);
  return dir;
}

/** A shell in `cwd` with `djangoflow` on PATH (and the venv's `python` first, when given). */
function session(dir: string, cwd: string, base: NodeJS.ProcessEnv = process.env): ShellSession {
  return new ShellSession(cwd, sessionEnv(djangoflowOnPath(dir), base), dir);
}

/** Runs every runnable line of `section`; a console block's output is compared line by line. */
async function runSection(section: string, shell: ShellSession, timeoutMs?: number): Promise<void> {
  const lines = runnable(section);
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    const result = await shell.run(line.command, timeoutMs);
    const expected = expectedExit[line.command] ?? 0;
    expect({ command: line.command, code: result.code, run: result.code === expected ? '' : describeRun(line.command, result) }).toEqual({
      command: line.command,
      code: expected,
      run: '',
    });
    // A refusal is one line naming the problem, as every refusal is.
    if (expected !== 0) expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^djangoflow: /)]);
    if (line.output.length && line.command.startsWith('djangoflow')) {
      expect({ command: line.command, output: result.stdout.trimEnd().split('\n') }).toEqual({ command: line.command, output: line.output });
    }
  }
}

const record = (dir: string) => JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-djangoflow'];

test('every README command is run by a scenario here or listed with the reason it is not', () => {
  const unaccounted = commands.filter((c) => !(c.command in notRun) && !scenarios.includes(c.section)).map((c) => `${c.section}: ${c.command}`);
  expect(unaccounted).toEqual([]);
  const stale = [...Object.keys(notRun), ...Object.keys(expectedExit)].filter((listed) => !commands.some((c) => c.command === listed));
  expect(stale).toEqual([]);
});

test('set up: step 2 runs where step 1 leaves you (the generator folder) and generates next to it', async () => {
  const dir = scratch('readme-setup');
  // Step 1 done: the clone, with its built bin.
  mkdirSync(join(dir, 'generator-djangoflow'));
  for (const part of ['bin', 'scripts', 'package.json']) symlinkSync(join(repoRoot, part), join(dir, 'generator-djangoflow', part));
  const shell = session(dir, join(dir, 'generator-djangoflow'));
  await runSection('## Set up', shell);
  expect(shell.cwd).toBe(join(dir, 'acme-shop'));
  expect(record(shell.cwd).answers.projectName).toBe('Acme Shop');
  // Committed: the tree is clean, and `make install` will find a repository for the hooks.
  expect((await run('git', ['status', '--porcelain'], { cwd: shell.cwd })).stdout).toBe('');
}, 120_000);

test('the example session, then regenerating with changed answers, print what the README shows', async () => {
  const dir = scratch('readme-session');
  const shell = session(dir, dir);
  await runSection('### Example session', shell);
  expect(shell.cwd).toBe(join(dir, 'acme-shop'));
  expect((await run('git', ['status', '--porcelain'], { cwd: shell.cwd })).stdout).toBe('');
  await runSection('### Regenerate with changed answers', shell);
  expect(record(shell.cwd).answers).toMatchObject({ ci: 'gitlab', celery: true });
  expect(existsSync(join(shell.cwd, '.gitlab-ci.yml'))).toBe(true);
}, 120_000);

/**
 * `djangoflow --defaults --project-name "Acme Shop"` run once (through the bin's main here:
 * generate-in-process.ts); each section that starts from it gets a copy in `project`.
 */
let defaultProject: Promise<string> | undefined;
async function defaultProjectIn(project: string): Promise<void> {
  defaultProject ??= (async () => {
    const dir = join(scratch('readme-default'), 'acme-shop');
    mkdirSync(dir);
    const generated = await generateInProcess(['--defaults', '--project-name', 'Acme Shop'], { cwd: dir });
    expect(generated.code).toBe(0);
    return dir;
  })();
  cpSync(await defaultProject, project, { recursive: true });
}

/** A default project with its pinned stack installed. */
async function projectWithStack(prefix: string) {
  const dir = scratch(prefix);
  const project = join(dir, 'acme-shop');
  await defaultProjectIn(project);
  const stack = await installProject(project);
  return { dir, project, shell: session(dir, project, stack.env()) };
}

const startappSection = '### `djangoflow startapp <name>`: add a Django app';

/**
 * The startapp section run once, on a default project with its stack: the startapp test
 * checks what it left, and the model section, which says it follows the startapp example,
 * starts from a copy of that project (as a reader goes on in the same folder). One run of
 * its lines (djangoflow, then makemigrations, migrate and pytest on the pinned stack)
 * instead of the same lines again for the model test.
 */
let startappProject: Promise<string> | undefined;
function afterStartappSection(): Promise<string> {
  startappProject ??= (async () => {
    const { project, shell } = await projectWithStack('readme-startapp');
    await runSection(startappSection, shell, 600_000);
    return project;
  })();
  return startappProject;
}

test('startapp: the app, its migrations and its tests on the pinned stack', async () => {
  const project = await afterStartappSection();
  const models = readFileSync(join(project, 'src/apps/blog/models.py'), 'utf8');
  expect(models).toMatch(/class Post\(/);
  expect(models).toMatch(/class Tag\(/);
  expect(existsSync(join(project, 'src/apps/blog/migrations/0001_initial.py'))).toBe(true);
}, 900_000);

test('model: after the startapp section, every line (the refusal refused), the schema file the README shows, migrations on the pinned stack', async () => {
  // The section says it follows the startapp example: it goes on from where that left the project.
  const dir = scratch('readme-model');
  const project = join(dir, 'acme-shop');
  cpSync(await afterStartappSection(), project, { recursive: true });
  const shell = session(dir, project, (await installProject(project)).env());
  writeFileSync(join(project, 'schema.yaml'), readmeBlock('### `djangoflow model <app> <Model>`: add and grow models', 'yaml'));
  await runSection('### `djangoflow model <app> <Model>`: add and grow models', shell, 600_000);
  const models = readFileSync(join(project, 'src/apps/blog/models.py'), 'utf8');
  expect(models).toMatch(/class Comment\(/);
  expect(models).toMatch(/tags = models\.ManyToManyField/);
  expect(models).not.toMatch(/subtitle/);
}, 900_000);

test('adopt-app: an app made by hand is recorded, its files untouched', async () => {
  const dir = scratch('readme-adopt');
  const project = join(dir, 'acme-shop');
  await defaultProjectIn(project);
  mkdirSync(join(project, 'src/apps/legacy'));
  writeFileSync(join(project, 'src/apps/legacy/__init__.py'), '');
  const apps = 'from django.apps import AppConfig\n\n\nclass LegacyConfig(AppConfig):\n    name = "legacy"\n';
  writeFileSync(join(project, 'src/apps/legacy/apps.py'), apps);
  await runSection('### `djangoflow adopt-app <name>`: record an app made by hand', session(dir, project));
  expect(record(project).apps.map((app: { name: string }) => app.name)).toContain('legacy');
  expect(readFileSync(join(project, 'src/apps/legacy/apps.py'), 'utf8')).toBe(apps);
});

test('upgrade: a release that changes the requirements, CI and the settings you edited, as the README shows', async () => {
  const dir = scratch('readme-upgrade');
  const releaseOne = join(dir, 'templates-0.1.0');
  cpSync(join(repoRoot, 'templates'), releaseOne, { recursive: true });
  const project = join(dir, 'acme-shop');
  mkdirSync(project);
  const atRelease = (templates: string, version: string) => ({ ...process.env, DJANGOFLOW_TEMPLATES: templates, DJANGOFLOW_VERSION: version });
  const shellOne = session(dir, project, atRelease(releaseOne, '0.1.0'));
  expect((await shellOne.run('git init -q && djangoflow --defaults --project-name "Acme Shop" && git add -A && git commit -qm generated')).code).toBe(0);
  // Your edit at the end of the settings; the release changes their top.
  appendFileSync(join(project, 'src/config/settings/base.py'), '\nSITE_BANNER = "Acme"\n');
  expect((await shellOne.run('git commit -qam "Our banner"')).code).toBe(0);
  const releaseTwo = join(dir, 'templates-0.2.0');
  cpSync(releaseOne, releaseTwo, { recursive: true });
  const prepend = (path: string, text: string) => writeFileSync(join(releaseTwo, path), text + readFileSync(join(releaseTwo, path), 'utf8'));
  prepend('project/base/requirements/base.txt.ejs', '# Release 0.2.0.\n');
  prepend('project/.github/workflows/ci.yml.ejs', '# Release 0.2.0.\n');
  prepend('project/src/config/settings/base.py.ejs', '# Release 0.2.0.\n');
  await runSection('### `djangoflow upgrade`: take a new generator release', session(dir, project, atRelease(releaseTwo, '0.2.0')));
  expect(readFileSync(join(project, 'src/config/settings/base.py'), 'utf8')).toMatch(/^# Release 0\.2\.0\.[\s\S]*SITE_BANNER = "Acme"/);
  expect(record(project).version).toBe('0.2.0');
}, 120_000);

/** `--name value`, `--flag` and quoted values as the options object yo hands a generator. */
function yoOptions(args: string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const name = args[i]!.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) options[name] = args[++i];
    else options[name] = true;
  }
  return options;
}

/** Shell words of a simple command line: spaces split, double quotes group. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

test('the example session under yo (yo djangoflow ...) prints the same', async () => {
  const steps = runnable('### Example session').filter((step) => step.command.startsWith('djangoflow '));
  expect(steps.length).toBeGreaterThan(0);
  const modules = installedPackage('readme-yo');
  scratches.push(modules);
  const dir = scratch('readme-yo');
  const yo = yoRunner(modules);
  for (const step of steps) {
    const result = await yo(dir, 'djangoflow', yoOptions(words(step.command).slice(1)));
    // Yeoman's log writes to stderr.
    expect({ command: `yo ${step.command}`, code: result.code, output: result.stderr.trimEnd().split('\n') }).toEqual({
      command: `yo ${step.command}`,
      code: 0,
      output: step.output,
    });
  }
}, 120_000);

