/**
 * The Upgrade section's new questions without a browser: a project an older generator wrote
 * (DJANGOFLOW_VERSION) whose record has no answer for `license` and `timezone` (questions
 * that version did not ask) offers them as fields; the page's answers are previewed and
 * applied through `djangoflow upgrade`'s own next state, and the folder is then byte-equal to
 * a copy upgraded by the command the page offers to copy, run by the bin. A recorded answer
 * is refused by the command and the page alike, and a refused answer names its field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliCommand } from '../../generators/ui/changes.js';
import { Session } from '../../generators/ui/session.js';
import { templatesDir } from '../../lib/template-set/paths.js';
import { readStateFile } from '../../lib/record/state.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import { binPath } from '../support/paths.js';
import { run } from '../support/process.js';
import { removeTempDir } from '../support/tempdir.js';
import { olderProjectPair, tree } from './older-project.js';

const templates = loadTemplateSet(templatesDir());
let uiDir: string;
let cliDir: string;



beforeAll(async () => {
  ({ uiDir, cliDir } = await olderProjectPair('ui-upgrade-questions', ['license', 'timezone']));
}, 180_000);
afterAll(() => {
  removeTempDir(uiDir);
  removeTempDir(cliDir);
});

const answers = { license: 'BSD-3-Clause', timezone: 'Europe/Berlin' };
const command = 'djangoflow upgrade --license BSD-3-Clause --timezone Europe/Berlin --defaults';

test('the added questions are offered as the Project form draws them, with the defaults the upgrade takes', async () => {
  const session = new Session(uiDir, templates, false);
  const questions = session.data().upgrade!.questions;
  expect(questions.map((q) => [q.name, q.group, q.type, q.option])).toEqual([
    ['license', 'identity', 'list', '--license'],
    ['timezone', 'identity', 'input', '--timezone'],
  ]);
  expect(questions[0]!.choices!.map((c) => c.value)).toEqual(['MIT', 'BSD-3-Clause', 'Apache-2.0', 'proprietary']);
  const untouched = await session.previewChange({ kind: 'upgrade' });
  expect(untouched.error).toBeUndefined();
  expect(untouched.answers).toEqual({ license: 'MIT', timezone: 'UTC' });
  expect(untouched.command).toBe('djangoflow upgrade --defaults');
});

test('the copied command gives each answer as its option, in the question table\'s order', () => {
  expect(cliCommand({ kind: 'upgrade', answers: { timezone: 'Asia/Tokyo', sentry: false, asgi: true, license: 'Apache-2.0' } })).toBe(
    'djangoflow upgrade --asgi --no-sentry --license Apache-2.0 --timezone Asia/Tokyo --defaults',
  );
  expect(cliCommand({ kind: 'upgrade', answers: { description: 'Our shop, "Acme"' } })).toBe(`djangoflow upgrade --description 'Our shop, "Acme"' --defaults`);
});

test('a refused answer is the CLI message under its field; a recorded answer is refused by the page and the command', async () => {
  const before = tree(uiDir);
  const session = new Session(uiDir, templates, false);
  const bad = await session.previewChange({ kind: 'upgrade', answers: { ...answers, timezone: 'Mars/Olympus' } });
  expect(bad).toMatchObject({ errorField: 'timezone', command: 'djangoflow upgrade --license BSD-3-Clause --timezone Mars/Olympus --defaults' });
  expect(bad.error).toMatch(/timezone "Mars\/Olympus" is not an IANA time zone/);
  expect(bad.previewId).toBeUndefined();
  const recorded = await session.previewChange({ kind: 'upgrade', answers: { database: 'mysql' } });
  expect(recorded.error).toBe('--database is answered on record; upgrade answers only the questions this version added (change it with djangoflow --database <value>)');
  expect(recorded.errorField).toBe('database');
  await expect(session.applyChange({ kind: 'upgrade', answers: { database: 'mysql' } })).rejects.toThrow(/--database is answered on record/);
  const cli = await run(process.execPath, [binPath, 'upgrade', '--database', 'mysql', '--defaults'], { cwd: cliDir });
  expect(cli.code).toBe(1);
  expect(cli.stderr + cli.stdout).toContain(recorded.error!);
  expect(tree(uiDir)).toEqual(before);
});

test('the answers previewed and applied from the page give the tree the copied CLI command gives', async () => {
  const session = new Session(uiDir, templates, false);
  const before = tree(uiDir);
  const preview = await session.previewChange({ kind: 'upgrade', answers });
  expect(preview.error).toBeUndefined();
  expect(preview.command).toBe(command);
  expect(preview.answers).toEqual(answers);
  expect(preview.files!.find((f) => f.path === 'LICENSE')!.action).toBe('update');
  expect(session.file(preview.previewId!, 'LICENSE')!.next).toMatch(/BSD 3-Clause/);
  expect(tree(uiDir)).toEqual(before);

  const result = await session.applyChange({ kind: 'upgrade', answers });
  expect(result.exitCode).toBe(0);
  const cli = await run(process.execPath, [binPath, ...command.split(' ').slice(1)], { cwd: cliDir });
  expect(cli.code).toBe(0);
  expect(tree(uiDir)).toEqual(tree(cliDir));
  // And they differ from what the defaults would have given: the answers reached the files.
  expect(readStateFile(uiDir).state!.answers).toMatchObject(answers);
  expect(readFileSync(join(uiDir, 'LICENSE'), 'utf8')).toMatch(/BSD 3-Clause/);
  expect(readFileSync(join(uiDir, 'src/config/sections/i18n.py'), 'utf8')).toContain('Europe/Berlin');
  expect(session.data().upgrade).toBeUndefined();
});
