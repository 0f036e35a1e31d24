/**
 * `djangoflow plugin` as users meet it: the catalog listing, and every refusal as one line
 * on stderr, a non-zero exit and nothing written (project files and .yo-rc.json alike).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogLines } from '../../generators/plugin/list.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { catalog, commitAll, copyProject, djangoflow, generatedProject, git, recordedState, snapshot } from './helpers.js';

let base: string;
const dirs: string[] = [];
beforeAll(async () => {
  base = await generatedProject();
  dirs.push(base);
}, 120_000);
afterAll(() => dirs.forEach(removeTempDir));

/** A committed copy of the bare project whose record lists these plugins explicitly. */
function projectWith(plugins: string[]): string {
  const dir = copyProject(base);
  dirs.push(dir);
  if (plugins.length) {
    const path = join(dir, '.yo-rc.json');
    const record = JSON.parse(readFileSync(path, 'utf8'));
    record['generator-djangoflow'].plugins = plugins;
    writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
    commitAll(dir, 'plugins recorded');
  }
  return dir;
}

/** A committed copy of the bare project whose record holds these answers and plugins (not rendered: only refusals and removals run on it). */
function projectAnswering(answers: Record<string, string>, plugins: string[] = []): string {
  const dir = projectWith(plugins);
  const path = join(dir, '.yo-rc.json');
  const record = JSON.parse(readFileSync(path, 'utf8'));
  Object.assign(record['generator-djangoflow'].answers, answers);
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
  commitAll(dir, 'answers recorded');
  return dir;
}

async function refused(dir: string, args: string[], message: RegExp): Promise<void> {
  const before = snapshot(dir);
  const result = await djangoflow(dir, ['plugin', ...args]);
  expect({ code: result.code === 0 ? 0 : 'non-zero', stderr: result.stderr }).toEqual({ code: 'non-zero', stderr: expect.stringMatching(message) });
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^djangoflow: /);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(snapshot(dir)).toEqual(before);
}

describe('refusals', () => {
  test('an unknown plugin', () => refused(projectWith([]), ['kafka', '--defaults'], /unknown plugin "kafka"; see: djangoflow plugin --list/));

  test('a plugin already present explicitly', () => refused(projectWith(['cors']), ['cors', '--defaults'], /plugin cors is already in this project \(explicitly\)/));

  test('a plugin already present by its answer', () => refused(projectWith([]), ['--remove', 'celery'], /plugin celery is not in this project/));

  test('a plugin already present as a dependency', () =>
    refused(projectWith(['df-notifications']), ['celery', '--defaults'], /plugin celery is already in this project \(required by df-notifications\)/));

  test('removing a plugin another one requires', () =>
    refused(projectWith(['df-notifications']), ['--remove', 'celery'], /cannot remove celery: df-notifications requires it/));

  test('removing a plugin that is absent', () => refused(projectWith([]), ['--remove', 'cors'], /plugin cors is not in this project/));

  test('outside a djangoflow project', async () => {
    const dir = makeTempDir('plugin-outside');
    dirs.push(dir);
    await refused(dir, ['cors', '--defaults'], /not a djangoflow project/);
  });

  test('no plugin named, or one twice', async () => {
    const dir = projectWith([]);
    await refused(dir, ['--defaults'], /name a plugin/);
    await refused(dir, ['cors', 'cors'], /plugin "cors" is named twice/);
  });

  // django-df-notifications' first migration indexes a text column: MySQL cannot migrate it.
  const onMysql = /does not work with --database mysql: its first migration indexes a text column, which MySQL and MariaDB refuse \(django-df-notifications [\d.]+\); answer --database postgresql or sqlite, or leave the plugin out\n?$/;
  test('a plugin the answers rule out, and one that requires it', async () => {
    const mysql = projectAnswering({ database: 'mysql' });
    await refused(mysql, ['df-notifications', '--defaults'], new RegExp(`^djangoflow: cannot add df-notifications: plugin df-notifications ${onMysql.source}`));
    await refused(mysql, ['df-survey', '--defaults'], new RegExp(`^djangoflow: cannot add df-survey: plugin df-notifications \\(required by df-survey\\) ${onMysql.source}`));
  });

  test('an answer a plugin on rules out: the main command refuses it, nothing written', async () => {
    const dir = projectWith(['df-survey']);
    const before = snapshot(dir);
    const result = await djangoflow(dir, ['--database', 'mysql', '--defaults']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(new RegExp(`^djangoflow: plugin df-notifications \\(required by df-survey\\) ${onMysql.source}`)) });
    expect(snapshot(dir)).toEqual(before);
  });

  test('a record that holds such a pair (an older generator allowed it): it can be taken out, and one alone says why not', async () => {
    const both = projectAnswering({ database: 'mysql' }, ['df-survey', 'df-notifications']);
    await refused(both, ['--remove', 'df-survey'], new RegExp(`^djangoflow: plugin df-notifications ${onMysql.source}`));
    await refused(both, ['--remove', 'df-notifications'], /^djangoflow: cannot remove df-notifications: df-survey requires it\n?$/);
    for (const [dir, names] of [[both, ['df-survey', 'df-notifications']], [projectAnswering({ database: 'mysql' }, ['df-survey']), ['df-survey']]] as const) {
      const removed = await djangoflow(dir, ['plugin', '--remove', ...names, '--force']);
      expect({ code: removed.code, stderr: removed.stderr }).toEqual({ code: 0, stderr: '' });
      expect(recordedState(dir).plugins).toEqual([]);
    }
  });

  test("another plugin's option", () => refused(projectWith([]), ['cors', '--storage', 's3'], /--storage is an option of storages, not of adding cors/));

  test('a provider that does not switch the plugin on', () =>
    refused(projectWith([]), ['storages', '--storage', 'local'], /--storage must be one of s3, gcs, azure; got "local"/));

  test('a choice nobody can make (no terminal, no --defaults)', () => refused(projectWith([]), ['storages'], /no answer for --storage/));

  test('an invalid answer to a plugin question', () =>
    refused(projectWith([]), ['df-api-drf', '--df-api-namespace', 'latest'], /--df-api-namespace "latest" is not valid: a version like v1 or v2/));

  test('a removal with an option that only applies to adding', () =>
    refused(projectWith(['cors']), ['--remove', 'cors', '--storage', 's3'], /--storage has no meaning with --remove/));
});

describe('options given to a plugin the project has: its answers change', () => {
  let dir: string;
  beforeAll(async () => {
    dir = projectWith([]);
    expect((await djangoflow(dir, ['plugin', 'df-api-drf', '--defaults'])).code).toBe(0);
    commitAll(dir, 'df-api-drf');
  }, 120_000);

  test('named again without options: refused, saying how to change its answers', () =>
    refused(dir, ['df-api-drf'], /^djangoflow: plugin df-api-drf is already in this project \(explicitly\); change its answers with djangoflow plugin df-api-drf --<option> <value>$/m));

  test('an invalid answer, a main answer and another plugin\'s option are refused, nothing written', async () => {
    await refused(dir, ['df-api-drf', '--df-api-namespace', 'latest'], /--df-api-namespace "latest" is not valid: a version like v1 or v2/);
    await refused(dir, ['df-api-drf', '--storage', 's3'], /^djangoflow: --storage is a main answer; change it with djangoflow --storage <value>$/m);
    await refused(dir, ['df-api-drf', '--stripe-mode', 'live'], /^djangoflow: --stripe-mode is an option of stripe, not of configuring df-api-drf$/m);
  });

  test('a new answer is recorded and reaches the files; only what it changes is written', async () => {
    const before = recordedState(dir);
    expect(before.answers.dfApiNamespace).toBe('v1');
    const result = await djangoflow(dir, ['plugin', 'df-api-drf', '--df-api-namespace', 'v2']);
    expect(result.code).toBe(0);
    expect(recordedState(dir)).toEqual({ ...before, answers: { ...before.answers, dfApiNamespace: 'v2' } });
    expect(readFileSync(join(dir, 'src/config/sections/df_api_drf.py'), 'utf8')).toContain('"DEFAULT_NAMESPACE": "v2"');
    const changed = git(dir, 'status', '--porcelain').split('\n').filter(Boolean).map((line) => line.slice(3)).filter((path) => !path.startsWith('.djangoflow'));
    expect(changed.sort()).toEqual(['.yo-rc.json', 'src/apps/core/tests/test_deployments.py', 'src/config/sections/df_api_drf.py']);
    // --list shows the recorded answers as the options that change them.
    const list = await djangoflow(dir, ['plugin', '--list']);
    expect(list.stdout).toMatch(/^\* df-api-drf .*\n +installed explicitly; answers --df-api-namespace v2; DF module; requires drf$/m);
  });
});

describe('--list', () => {
  test('shows every plugin with its summary, whether and how it is installed, and its dependencies', async () => {
    const dir = projectWith(['df-notifications']);
    const result = await djangoflow(dir, ['plugin', '--list']);
    expect(result.code).toBe(0);
    for (const plugin of catalog().values()) expect(result.stdout).toContain(`${plugin.name}`);
    expect(result.stdout).toMatch(/^\* df-notifications +DF notifications.*\n +installed explicitly; DF module; requires celery, df-api-drf; not with --database mysql$/m);
    expect(result.stdout).toMatch(/^\* celery .*\n +installed required by df-notifications; the answer of --celery; requires redis$/m);
    expect(result.stdout).toMatch(/^- cors .*\n +not installed$/m);
  });

  test("an installed plugin's answers are spelled as the options that give them (yes/no as --x or --no-x)", () => {
    const state = { version: '0.1.0', answers: { allauthProviders: 'google,github', allauthWebauthn: false }, apps: [], plugins: ['allauth'] };
    const lines = catalogLines(catalog(), state);
    const at = lines.findIndex((line) => line.startsWith('* allauth '));
    expect(lines[at + 1]).toMatch(/^ +installed explicitly; answers --allauth-providers google,github --no-allauth-webauthn(;|$)/);
    expect(catalogLines(catalog(), { ...state, answers: { allauthProviders: 'a b', allauthWebauthn: true } })[at + 1]).toMatch(
      /answers --allauth-providers "a b" --allauth-webauthn(;|$)/,
    );
  });

  test('outside a project it shows the catalog only', async () => {
    const dir = makeTempDir('plugin-list');
    dirs.push(dir);
    const result = await djangoflow(dir, ['plugin', '--list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}df-auth +DF auth.*\n +DF module; requires df-api-drf, df-remote-config$/m);
    expect(result.stdout).not.toMatch(/not installed|installed (by|explicitly|required)/);
    expect(result.stdout).toMatch(/^ {2}cors +Cross-origin.*\n {2}debug-toolbar/m);
  });
});

describe('--help', () => {
  test('documents the plugin options from the manifests', async () => {
    const result = await djangoflow(base, ['plugin', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--storage <value> +storages: .*\(s3 \| gcs \| azure\)/);
    expect(result.stdout).toMatch(/--df-api-namespace <value> +df-api-drf: /);
    expect(result.stdout).toMatch(/--remove/);
  });
});
