/**
 * The common options (--defaults, --force, --dry-run, --verbose) are accepted by every
 * command, ui and settings included: in each spec, through the bin, and in ui's Apply, where
 * --dry-run writes nothing and --verbose prints the action per file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commands } from '../../cli/commands.js';
import { Session } from '../../generators/ui/session.js';
import { exitCodes } from '../../lib/run/exit-codes.js';
import { templatesDir } from '../../lib/template-set/paths.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import { folderHash } from '../support/folder-hash.js';
import { generate } from '../support/generate.js';
import { sleep } from '../support/ports.js';
import { removeTempDir } from '../support/tempdir.js';
import { startUi } from '../ui/server.js';

const common = ['defaults', 'force', 'dry-run', 'verbose'];
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

test.each(commands.map((command) => [command.name || '(generate)', command] as const))('%s declares every common option', (_name, command) => {
  const names = command.options.map((option) => option.name);
  expect(common.filter((name) => !names.includes(name))).toEqual([]);
});

test('djangoflow ui and settings take the common options through the bin', async () => {
  const dir = (await generate(['--defaults'])).dir;
  dirs.push(dir);
  const ui = await startUi(dir, ['--defaults', '--force', '--dry-run', '--verbose']);
  try {
    // The line follows the URL's; the output may arrive in more than one chunk.
    for (let waited = 0; waited < 10_000 && !ui.output().includes('--dry-run:'); waited += 100) await sleep(100);
  } finally {
    expect(await ui.stop()).toBe(0);
  }
  expect(ui.output()).toMatch(/--dry-run: Apply prints what it would do and writes nothing/);
  const settings = await generate(['settings', '--defaults', '--force', '--dry-run', '--verbose'], { cwd: dir });
  expect({ code: settings.code, stderr: settings.stderr }).toEqual({ code: 0, stderr: '' });
}, 60_000);

test("ui's Apply under --dry-run --verbose prints the action per file and writes nothing", async () => {
  const dir = (await generate(['--defaults'])).dir;
  dirs.push(dir);
  const templates = loadTemplateSet(templatesDir());
  const before = folderHash(dir);
  const dry = new Session(dir, templates, false, { dryRun: true, verbose: true });
  const input = { answers: { description: 'Changed on the page' }, plugins: dry.data().initial.plugins };
  const applied = await dry.apply(input);
  expect(applied).toMatchObject({ exitCode: exitCodes.done });
  expect((applied as { lines: string[] }).lines.join('\n')).toMatch(/^update\s+README\.md/m);
  expect(folderHash(dir)).toBe(before);

  const quiet = await new Session(dir, templates, false).apply(input);
  expect((quiet as { lines: string[] }).lines.join('\n')).not.toMatch(/^update\s+README\.md/m);
  expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('Changed on the page');
}, 60_000);
