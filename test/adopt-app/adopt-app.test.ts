/**
 * `djangoflow adopt-app`: an app made by hand is recorded as adopted and nothing else of the
 * project changes (every file but .yo-rc.json byte for byte, LOCAL_APPS lists it once);
 * `model` and `startapp` then refuse it with the reason, and bad names are refused with one
 * line and nothing written.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, readText } from '../support/files.js';
import { generate } from '../support/generate.js';
import { describeRun } from '../support/process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';

let base: string;
const temps: string[] = [];

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], { cwd: dir, encoding: 'utf8' });
const snapshot = (dir: string) =>
  Object.fromEntries(
    listFiles(dir)
      // .djangoflow/ holds the generator's pristine store (lib/reconcile/store.ts), not the project's files.
      .filter((path) => !path.startsWith('.git/') && !path.startsWith('.djangoflow/'))
      .map((path) => [path, createHash('sha256').update(readFileSync(join(dir, path))).digest('hex')]),
  );
const record = (dir: string) => JSON.parse(readText(dir, '.yo-rc.json'))['generator-djangoflow'];
const appsSettings = 'src/config/sections/apps.py';

/** The generated project with src/apps/legacy made by hand and listed in LOCAL_APPS, committed. */
function copy(label: string): string {
  const dir = makeTempDir(`adopt-${label}`);
  temps.push(dir);
  cpSync(base, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  const generated = await generate(['--defaults', '--project-name', 'Acme']);
  base = generated.dir;
  temps.push(base);
  if (generated.code !== 0) throw new Error(describeRun('generate', generated));
  const legacy = join(base, 'src/apps/legacy');
  mkdirSync(join(legacy, 'migrations'), { recursive: true });
  writeFileSync(join(legacy, '__init__.py'), '');
  writeFileSync(join(legacy, 'migrations/__init__.py'), '');
  writeFileSync(join(legacy, 'apps.py'), 'from django.apps import AppConfig\n\n\nclass LegacyConfig(AppConfig):\n    name = "legacy"\n');
  writeFileSync(join(legacy, 'models.py'), '"""Our own models."""\nfrom django.db import models  # noqa: F401\n');
  const settings = readText(base, appsSettings);
  const listed = settings.replace('LOCAL_APPS = [\n', 'LOCAL_APPS = [\n    "legacy",\n');
  expect(listed).not.toBe(settings);
  writeFileSync(join(base, appsSettings), listed);
  git(base, 'init', '-q');
  git(base, 'add', '-A');
  git(base, 'commit', '-qm', 'generated, and legacy by hand');
});
afterAll(() => temps.forEach(removeTempDir));

test('adopt-app records the app and changes no other file; model and startapp then refuse it with the reason', async () => {
  const dir = copy('ok');
  const before = snapshot(dir);
  const refusedBefore = await generate(['model', 'legacy', 'Thing', 'name:str'], { cwd: dir });
  expect(refusedBefore.code).toBe(1);
  expect(refusedBefore.stderr).toMatch(/app "legacy" was made by hand .*djangoflow adopt-app legacy/);

  const adopted = await generate(['adopt-app', 'legacy'], { cwd: dir });
  expect(describeRun('adopt-app', adopted)).toMatch(/exited with 0/);
  expect(adopted.stdout).toMatch(/Recorded src\/apps\/legacy\/ as adopted/);
  // LOCAL_APPS lists it: nothing to install.
  expect(adopted.stdout).not.toMatch(/^(Next|Note)/m);
  expect(record(dir).apps).toEqual([{ name: 'legacy', models: [], adopted: true }]);
  const after = snapshot(dir);
  const changed = Object.keys({ ...before, ...after }).filter((path) => before[path] !== after[path]);
  expect(changed).toEqual(['.yo-rc.json']);
  expect(readText(dir, appsSettings).match(/"legacy"/g)).toHaveLength(1);
  git(dir, 'commit', '-qam', 'adopted');

  const model = await generate(['model', 'legacy', 'Thing', 'name:str'], { cwd: dir });
  expect(model.code).toBe(1);
  expect(model.stderr.trim()).toBe(
    'djangoflow: app "legacy" was adopted (djangoflow adopt-app): its files stay yours and model never writes into them; write the model in src/apps/legacy/models.py yourself, or generate it in an app djangoflow made: djangoflow startapp NAME --model Model field:type ...',
  );
  // Nor through a schema file, nor for pages: the line names the file's line.
  writeFileSync(join(dir, 'schema.yaml'), 'legacy:\n  Thing:\n    pages: true\n');
  const fromSchema = await generate(['model', '--from', 'schema.yaml', '--force'], { cwd: dir });
  expect(fromSchema.code).toBe(1);
  expect(fromSchema.stderr.trim()).toMatch(/^djangoflow: schema\.yaml:2: app "legacy" was adopted \(djangoflow adopt-app\): its files stay yours/);
  rmSync(join(dir, 'schema.yaml'));
  const startapp = await generate(['startapp', 'legacy'], { cwd: dir });
  expect(startapp.code).toBe(1);
  expect(snapshot(dir)).toEqual(after);
});

/** The lines adopt-app prints after its summary. */
function afterSummary(stdout: string): string[] {
  const lines = stdout.trimEnd().split('\n');
  return lines.slice(lines.findIndex((line) => line.startsWith('Recorded ')));
}

test('an app no settings module lists: the note and the steps that install it, makemigrations only without a migration', async () => {
  const unlisted = copy('unlisted');
  const settings = readText(unlisted, appsSettings);
  writeFileSync(join(unlisted, appsSettings), settings.replace('    "legacy",\n', ''));
  git(unlisted, 'commit', '-qam', 'legacy not listed');
  const adopted = await generate(['adopt-app', 'legacy'], { cwd: unlisted });
  expect(adopted.code).toBe(0);
  expect(afterSummary(adopted.stdout)).toEqual([
    'Recorded src/apps/legacy/ as adopted: its files and its LOCAL_APPS line stay yours.',
    'Note: no settings module of src/config/ names "legacy", so Django does not load it yet.',
    'Next:',
    '  add "legacy" to LOCAL_APPS in src/config/sections/apps.py',
    '  python src/manage.py makemigrations legacy',
    '  python src/manage.py migrate',
  ]);
  expect(readText(unlisted, appsSettings)).not.toMatch(/"legacy"/);

  const migrated = copy('unlisted-migrated');
  writeFileSync(join(migrated, appsSettings), settings.replace('    "legacy",\n', ''));
  writeFileSync(join(migrated, 'src/apps/legacy/migrations/0001_initial.py'), 'from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = []\n');
  git(migrated, 'add', '-A');
  git(migrated, 'commit', '-qm', 'legacy migrated, not listed');
  const steps = afterSummary((await generate(['adopt-app', 'legacy'], { cwd: migrated })).stdout);
  expect(steps.slice(2)).toEqual(['Next:', '  add "legacy" to LOCAL_APPS in src/config/sections/apps.py', '  python src/manage.py migrate']);
});

test('an app listed by its config class in another settings module needs no step', async () => {
  const dir = copy('config-class');
  writeFileSync(join(dir, appsSettings), readText(dir, appsSettings).replace('    "legacy",\n', ''));
  const local = join(dir, 'src/config/settings/local.py');
  writeFileSync(local, `${readFileSync(local, 'utf8')}\nINSTALLED_APPS += ['legacy.apps.LegacyConfig']\n`);
  git(dir, 'commit', '-qam', 'legacy listed by its config');
  const adopted = await generate(['adopt-app', 'legacy'], { cwd: dir });
  expect(adopted.code).toBe(0);
  expect(afterSummary(adopted.stdout)).toEqual(['Recorded src/apps/legacy/ as adopted: its files and its LOCAL_APPS line stay yours.']);
});

describe('refusals: one line, exit 1, nothing written', () => {
  test.each([
    [['adopt-app'], /adopt-app needs the app name/],
    [['adopt-app', 'missing'], /src\/apps\/missing does not exist/],
    [['adopt-app', 'users'], /"users" is a starter app/],
    [['adopt-app', 'Legacy'], /app name/],
    [['adopt-app', 'legacy', 'more'], /unexpected argument "more"/],
    [['adopt-app', 'noconfig'], /src\/apps\/noconfig has no apps\.py/],
  ])('%j', async (args, message) => {
    const dir = copy('refused');
    mkdirSync(join(dir, 'src/apps/noconfig'));
    writeFileSync(join(dir, 'src/apps/noconfig/__init__.py'), '');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'noconfig');
    const before = snapshot(dir);
    const result = await generate(args, { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(snapshot(dir)).toEqual(before);
  });

  test('an app recorded already', async () => {
    const dir = copy('twice');
    expect((await generate(['adopt-app', 'legacy'], { cwd: dir })).code).toBe(0);
    git(dir, 'commit', '-qam', 'adopted');
    const again = await generate(['adopt-app', 'legacy'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/app "legacy" is recorded already \(adopted\)/);
  });
});
