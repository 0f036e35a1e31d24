/**
 * A changed answer of a plugin the project keeps, from the Project section: the copied command
 * is `djangoflow plugin <name> --<option> <value>` (the CLI's way to change a plugin's answers),
 * and the page's Apply gives the tree that command gives. df-api-drf is on because df-auth
 * requires it, so the command names the plugin that asks the question, not the one recorded.
 */
import { cpSync } from 'node:fs';
import { Session } from '../../generators/ui/session.js';
import { readStateFile } from '../../lib/record/state.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import { templatesDir } from '../../lib/template-set/paths.js';
import { generateInProcess } from '../support/generate-in-process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { tree } from './older-project.js';

const templates = loadTemplateSet(templatesDir());
let uiDir: string;
let cliDir: string;

beforeAll(async () => {
  uiDir = makeTempDir('ui-plugin-answers');
  cliDir = makeTempDir('ui-plugin-answers-cli');
  expect((await generateInProcess(['--defaults'], { cwd: uiDir })).code).toBe(0);
  expect((await generateInProcess(['plugin', 'df-auth', '--defaults'], { cwd: uiDir })).code).toBe(0);
  cpSync(uiDir, cliDir, { recursive: true });
}, 120_000);
afterAll(() => [uiDir, cliDir].forEach(removeTempDir));

test('the copied command changes the kept plugin\'s answer, and Apply gives the same tree', async () => {
  const session = new Session(uiDir, templates, false);
  const { initial } = session.data();
  expect(initial.plugins).not.toContain('df-api-drf');
  const untouched = await session.preview(initial);
  expect(untouched.command).toBe('');

  const input = { answers: { ...initial.answers, dfApiNamespace: 'v2' }, plugins: initial.plugins };
  const preview = await session.preview(input);
  expect(preview.problems).toEqual({});
  expect(preview.command).toBe('djangoflow plugin df-api-drf --df-api-namespace v2');
  // With a main answer changed too, the main command comes first.
  const both = await session.preview({ ...input, answers: { ...input.answers, license: 'Apache-2.0' } });
  expect(both.command).toBe('djangoflow --license Apache-2.0 && djangoflow plugin df-api-drf --df-api-namespace v2');

  expect(await session.apply(input)).toMatchObject({ exitCode: 0 });
  const cli = await generateInProcess(preview.command!.split(' ').slice(1), { cwd: cliDir });
  expect(cli.code).toBe(0);
  expect(tree(uiDir)).toEqual(tree(cliDir));
  expect(readStateFile(uiDir).state!.answers.dfApiNamespace).toBe('v2');
});
