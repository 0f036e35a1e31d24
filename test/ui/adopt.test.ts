/**
 * Adopting a hand-made app from `djangoflow ui`: the Apps and models section lists the folders
 * of src/apps/ that adopt-app would take (a Django app, a good name, not recorded), previews
 * the `adopt` change (nothing written), applies it, and the project is byte-equal to
 * `djangoflow adopt-app <name>`'s on a copy; bad names and folders that are no Django app are
 * refused with the CLI's own line and nothing written. The shareable link never holds a
 * wizard's secret (page/share-link.ts, the function the Copy link button calls).
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectChange } from '../../generators/ui/api-types.js';
import { readShare, shareLink, withoutSecrets } from '../../generators/ui/page/share-link.js';
import { Session } from '../../generators/ui/session.js';
import { templatesDir } from '../../lib/template-set/paths.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import { listFiles, readBytes } from '../support/files.js';
import { binPath } from '../support/paths.js';
import { run } from '../support/process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';

const templates = loadTemplateSet(templatesDir());
let uiDir: string;
let cliDir: string;

async function cli(dir: string, args: string[]) {
  return run(process.execPath, [binPath, ...args], { cwd: dir });
}

/** Every file with its bytes (.djangoflow/ included: the pristine store must match too). */
const tree = (dir: string) => Object.fromEntries(listFiles(dir).map((p) => [p, readBytes(dir, p).toString('base64')]));

/** A folder of src/apps/ made by hand: a Django app when `appsPy`, else a plain package. */
function handMade(dir: string, name: string, appsPy: boolean): void {
  const app = join(dir, 'src/apps', name);
  mkdirSync(join(app, 'migrations'), { recursive: true });
  writeFileSync(join(app, '__init__.py'), '');
  writeFileSync(join(app, 'migrations/__init__.py'), '');
  if (appsPy) writeFileSync(join(app, 'apps.py'), `from django.apps import AppConfig\n\n\nclass LegacyConfig(AppConfig):\n    name = "${name}"\n`);
}

beforeAll(async () => {
  uiDir = makeTempDir('ui-adopt');
  cliDir = makeTempDir('ui-adopt-cli');
  const generated = await cli(uiDir, ['--defaults']);
  expect(generated.code).toBe(0);
  handMade(uiDir, 'legacy', true);
  handMade(uiDir, 'noconfig', false);
  // A folder whose name adopt-app refuses (not a Python name), with an apps.py all the same.
  handMade(uiDir, 'Old-Stuff', true);
  cpSync(uiDir, cliDir, { recursive: true });
});
afterAll(() => {
  removeTempDir(uiDir);
  removeTempDir(cliDir);
});

test('the page offers only what adopt-app takes; adopting equals `djangoflow adopt-app` byte for byte', async () => {
  const session = new Session(uiDir, templates, false);
  expect(session.models().adoptable).toEqual(['legacy']);
  const change: ProjectChange = { kind: 'adopt', name: 'legacy' };
  const before = tree(uiDir);
  const preview = await session.previewChange(change);
  expect(preview.error).toBeUndefined();
  expect(preview.command).toBe('djangoflow adopt-app legacy');
  expect(preview.changes).toBe(true);
  // An adopted app renders nothing: no file of src/apps/legacy/ is planned to be written.
  expect(preview.files!.filter((f) => f.path.startsWith('src/apps/legacy/') && f.action !== 'unchanged' && f.action !== 'keep')).toEqual([]);
  expect(tree(uiDir)).toEqual(before);

  const result = await session.applyChange(change);
  expect(result.exitCode).toBe(0);
  const printed = await cli(cliDir, ['adopt-app', 'legacy']);
  expect(printed.stderr).toBe('');
  expect(printed.code).toBe(0);
  expect(tree(uiDir)).toEqual(tree(cliDir));
  expect(result.lines.join('\n')).toContain('Recorded src/apps/legacy/ as adopted');
  expect(printed.stdout).toContain(result.lines.at(-1)!);
  // Nothing lists legacy in the settings: both give the steps that install it.
  const printedLines = printed.stdout.trimEnd().split('\n');
  expect(result.nextSteps).toEqual(printedLines.slice(printedLines.indexOf('Next:')));
  expect(result.nextSteps).toContain('  add "legacy" to LOCAL_APPS in src/config/sections/apps.py');
  expect(session.models().apps.find((a) => a.name === 'legacy')).toEqual({ name: 'legacy', adopted: true, models: [] });
  expect(session.models().adoptable).toEqual([]);
  expect(JSON.parse(readFileSync(join(uiDir, '.yo-rc.json'), 'utf8'))['generator-djangoflow'].apps).toContainEqual({ name: 'legacy', models: [], adopted: true });
});

test.each([
  ['noconfig', /^src\/apps\/noconfig has no apps\.py: it is not a Django app$/],
  ['Old-Stuff', /app name/],
  ['../../etc', /app name/],
  ['missing', /^src\/apps\/missing does not exist/],
  ['users', /"users" is a starter app/],
  ['legacy', /app "legacy" is recorded already \(adopted\)/],
])('adopting %j is refused with the CLI\'s line, nothing written', async (name, message) => {
  const session = new Session(uiDir, templates, false);
  const before = tree(uiDir);
  const change: ProjectChange = { kind: 'adopt', name };
  const preview = await session.previewChange(change);
  expect(preview.error).toMatch(message);
  const refused = await cli(cliDir, ['adopt-app', name]);
  expect(refused.code).toBe(1);
  expect(refused.stderr.trim()).toBe(`djangoflow: ${preview.error}`);
  await expect(session.applyChange(change)).rejects.toThrow(preview.error!);
  expect(tree(uiDir)).toEqual(before);
});

test('the shareable link never holds a wizard secret', () => {
  const stripeKey = 'sk_test_51SecretKeyNeverInALink';
  const fields = [
    { name: 'projectName', secret: undefined },
    { name: 'stripeSecretKey', secret: true },
    { name: 'stripePublishableKey', secret: true },
  ];
  const input = { answers: { projectName: 'Acme', stripeSecretKey: stripeKey, stripePublishableKey: 'pk_test_1', useStripe: true }, plugins: ['stripe'] };
  const link = shareLink('http://127.0.0.1:4321', input, fields);
  expect(link.startsWith('http://127.0.0.1:4321/#share=')).toBe(true);
  expect(link).not.toContain(stripeKey);
  expect(link).not.toContain('pk_test_1');
  const restored = readShare(link)!;
  expect(restored).toEqual({ answers: { projectName: 'Acme', useStripe: true }, plugins: ['stripe'] });
  expect(JSON.stringify(restored)).not.toContain('sk_test');
  // The form itself is left as it was (the secrets stay in the page's field, not in the link).
  expect(input.answers.stripeSecretKey).toBe(stripeKey);
  expect(withoutSecrets(input, fields).answers).not.toHaveProperty('stripeSecretKey');
});
