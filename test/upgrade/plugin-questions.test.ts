/**
 * `upgrade` and a question a plugin's manifest added: a project with df-api-drf on, written by
 * an older version (DJANGOFLOW_VERSION) whose record has no answer for `dfApiNamespace`, the
 * plugin's question. The upgrade asks it as it asks the main table's new questions (given,
 * prompted, or its default with --defaults) and records the answer; the page's Upgrade
 * section offers it and gives the tree the copied command gives. A question of a plugin the
 * project does not have on, and a plugin answer on record, are refused with nothing written.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../../generators/ui/session.js';
import { readStateFile } from '../../lib/record/state.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import { templatesDir } from '../../lib/template-set/paths.js';
import { generateInProcess } from '../support/generate-in-process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { tree } from '../ui/older-project.js';

const templates = loadTemplateSet(templatesDir());
const older = { DJANGOFLOW_VERSION: '0.0.9' };
const section = 'src/config/sections/df_api_drf.py';
let seed: string;
const made: string[] = [];

/** A copy of the older project, for one test to change. */
function copyOfSeed(label: string): string {
  const dir = makeTempDir(label);
  made.push(dir);
  cpSync(seed, dir, { recursive: true });
  return dir;
}

const djangoflow = (dir: string, args: string[]) => generateInProcess(args, { cwd: dir });

beforeAll(async () => {
  seed = makeTempDir('upgrade-plugin-questions');
  made.push(seed);
  expect((await generateInProcess(['--defaults'], { cwd: seed, env: older })).code).toBe(0);
  expect((await generateInProcess(['plugin', 'df-api-drf', '--defaults'], { cwd: seed, env: older })).code).toBe(0);
  // As a version whose df-api-drf asked no namespace left the record.
  const path = join(seed, '.yo-rc.json');
  const config = JSON.parse(readFileSync(path, 'utf8'));
  expect(config['generator-djangoflow'].answers.dfApiNamespace).toBe('v1');
  delete config['generator-djangoflow'].answers.dfApiNamespace;
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
}, 120_000);
afterAll(() => made.forEach(removeTempDir));

test('upgrade --help offers the plugins\' questions as options, for new questions only', async () => {
  const help = await djangoflow(seed, ['upgrade', '--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^ {2}--df-api-namespace <value> +New question only: Namespace the DF modules' APIs/m);
  // An integration wizard's settings go to .env, never through an upgrade.
  expect(help.stdout).not.toMatch(/--stripe-secret-key/);
});

test('without --defaults and nobody to ask: the plugin\'s new question is named, nothing written', async () => {
  const dir = copyOfSeed('upgrade-plugin-unanswered');
  const before = tree(dir);
  const result = await djangoflow(dir, ['upgrade']);
  expect(result.code).toBe(1);
  expect(result.stderr).toBe('djangoflow: no answer for --df-api-namespace; pass it, or --defaults to take the defaults\n');
  expect(tree(dir)).toEqual(before);
});

test('given as an option, the answer is checked by the manifest\'s pattern, recorded, and reaches the files', async () => {
  const dir = copyOfSeed('upgrade-plugin-given');
  const before = tree(dir);
  const bad = await djangoflow(dir, ['upgrade', '--df-api-namespace', '2']);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toBe('djangoflow: --df-api-namespace "2" is not valid: a version like v1 or v2\n');
  expect(tree(dir)).toEqual(before);

  const result = await djangoflow(dir, ['upgrade', '--df-api-namespace', 'v3']);
  expect(result.code).toBe(0);
  expect(readStateFile(dir).state!.answers.dfApiNamespace).toBe('v3');
  expect(readFileSync(join(dir, section), 'utf8')).toContain('"DEFAULT_NAMESPACE": "v3"');
  // Answered now: a second upgrade has nothing to ask, and refuses to change the answer.
  const again = await djangoflow(dir, ['upgrade', '--df-api-namespace', 'v4']);
  expect(again.code).toBe(1);
  expect(again.stderr).toBe(
    'djangoflow: --df-api-namespace is answered on record; upgrade answers only the questions this version added (change it with djangoflow plugin df-api-drf --df-api-namespace <value>)\n',
  );
  expect((await djangoflow(dir, ['upgrade'])).code).toBe(0);
  expect(readStateFile(dir).state!.answers.dfApiNamespace).toBe('v3');
});

test('with --defaults the manifest\'s default is recorded', async () => {
  const dir = copyOfSeed('upgrade-plugin-defaults');
  const result = await djangoflow(dir, ['upgrade', '--defaults']);
  expect(result.code).toBe(0);
  expect(readStateFile(dir).state!.answers.dfApiNamespace).toBe('v1');
});

test('a question of a plugin the project does not have on is refused, naming the plugin', async () => {
  const dir = copyOfSeed('upgrade-plugin-foreign');
  const before = tree(dir);
  const result = await djangoflow(dir, ['upgrade', '--allauth-webauthn', '--defaults']);
  expect(result.code).toBe(1);
  expect(result.stderr).toBe(
    'djangoflow: --allauth-webauthn is a question of allauth, which the project does not have on; add it with djangoflow plugin allauth\n',
  );
  expect(tree(dir)).toEqual(before);
});

test('the page offers the question, its plugin named, and applies what the copied command gives', async () => {
  const uiDir = copyOfSeed('upgrade-plugin-ui');
  const cliDir = copyOfSeed('upgrade-plugin-ui-cli');
  const session = new Session(uiDir, templates, false);
  const field = session.data().upgrade!.questions.find((q) => q.name === 'dfApiNamespace');
  expect(field).toMatchObject({ option: '--df-api-namespace', type: 'input', label: expect.stringMatching(/\(df-api-drf\)$/) });
  // Shown outright: the plugin is on, so the field is not one the page hides until it is.
  expect(field!.plugin).toBeUndefined();
  const untouched = await session.previewChange({ kind: 'upgrade' });
  expect(untouched.answers).toMatchObject({ dfApiNamespace: 'v1' });

  const preview = await session.previewChange({ kind: 'upgrade', answers: { dfApiNamespace: 'v5' } });
  expect(preview.error).toBeUndefined();
  expect(preview.command).toBe('djangoflow upgrade --df-api-namespace v5 --defaults');
  const result = await session.applyChange({ kind: 'upgrade', answers: { dfApiNamespace: 'v5' } });
  expect(result.exitCode).toBe(0);
  expect((await djangoflow(cliDir, preview.command!.split(' ').slice(1))).code).toBe(0);
  expect(tree(uiDir)).toEqual(tree(cliDir));
  expect(readStateFile(uiDir).state!.answers.dfApiNamespace).toBe('v5');
});
