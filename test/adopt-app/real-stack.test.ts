/**
 * `adopt-app` on the project's pinned stack: an app made by hand and listed nowhere is not
 * loaded by Django; the run ends with the steps that install it, and following them as
 * printed (the LOCAL_APPS line by hand, the commands run as given) loads the app, creates its
 * table on the project's zero-service SQLite database and leaves no migration to make.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initRepo, writeFiles } from '../reconcile/helpers.js';
import { readText } from '../support/files.js';
import { generateInProcess } from '../support/generate-in-process.js';
import { describeRun, type RunResult } from '../support/process.js';
import { manageEach } from '../support/python.js';
import { installProject } from '../support/stack.js';
import { removeTempDir } from '../support/tempdir.js';

let dir: string;
let adopted: RunResult;

const appsSettings = 'src/config/sections/apps.py';
const loadedScript = 'from django.apps import apps; print("installed:", apps.is_installed("legacy"))';
const legacyFiles: Record<string, string> = {
  '__init__.py': '',
  'apps.py': 'from django.apps import AppConfig\n\n\nclass LegacyConfig(AppConfig):\n    name = "legacy"\n',
  'models.py': 'from django.db import models\n\n\nclass Ledger(models.Model):\n    name = models.CharField(max_length=100)\n',
  'migrations/__init__.py': '',
};

beforeAll(async () => {
  const generated = await generateInProcess(['--defaults', '--project-name', 'Acme Legacy']);
  dir = generated.dir;
  if (generated.code !== 0) throw new Error(describeRun('generate', generated));
  writeFiles(join(dir, 'src/apps/legacy'), legacyFiles);
  initRepo(dir);
  [adopted] = await Promise.all([generateInProcess(['adopt-app', 'legacy'], { cwd: dir }), installProject(dir)]);
}, 900_000);
afterAll(() => removeTempDir(dir));

/** The printed steps after `Next:`, without their indent. */
const nextSteps = (output: string) => {
  const lines = output.split('\n');
  return lines.slice(lines.indexOf('Next:') + 1).map((line) => line.trim()).filter(Boolean);
};

test('the printed steps, followed as given, make Django load the adopted app and migrate its model', async () => {
  expect(adopted.code).toBe(0);
  expect(adopted.stdout).toContain('Note: no settings module of src/config/ names "legacy", so Django does not load it yet.');
  const steps = nextSteps(adopted.stdout);
  expect(steps).toEqual([`add "legacy" to LOCAL_APPS in ${appsSettings}`, 'python src/manage.py makemigrations legacy', 'python src/manage.py migrate']);

  const [before] = await manageEach(dir, [['shell', '-c', loadedScript]]);
  expect(before!.stdout).toContain('installed: False');

  // The first step is the user's edit of their settings; the others are commands, run as printed.
  const settings = readText(dir, appsSettings);
  const listed = settings.replace('LOCAL_APPS = [\n', 'LOCAL_APPS = [\n    "legacy",\n');
  expect(listed).not.toBe(settings);
  writeFileSync(join(dir, appsSettings), listed);
  const commands = steps.slice(1).map((step) => {
    expect(step).toMatch(/^python src\/manage\.py /);
    return step.split(' ').slice(2);
  });
  const results = await manageEach(dir, [
    ...commands,
    ['shell', '-c', `${loadedScript}; from legacy.models import Ledger; print("rows:", Ledger.objects.count())`],
    ['makemigrations', '--check', '--dry-run'],
  ]);
  results.forEach((result, i) => expect({ step: i, code: result.code, output: describeRun(`step ${i}`, result) }).toMatchObject({ code: 0 }));
  expect(readFileSync(join(dir, 'src/apps/legacy/migrations/0001_initial.py'), 'utf8')).toMatch(/name=["']Ledger["']/);
  expect(results[1]!.stdout).toMatch(/Applying legacy\.0001_initial\.\.\. OK/);
  expect(results[2]!.stdout).toContain('installed: True');
  expect(results[2]!.stdout).toContain('rows: 0');
}, 300_000);
