/**
 * The Upgrade section without a browser: a project an older generator wrote (DJANGOFLOW_VERSION)
 * previews its pending upgrade per file with a diff (nothing written), applies it in one step
 * through `djangoflow upgrade`'s own next state (lib/record/upgrade-next.ts), and the folder is then
 * byte-equal to a copy upgraded by `djangoflow upgrade --defaults`; afterwards nothing is pending.
 */
import { Session } from '../../generators/ui/session.js';
import { templatesDir } from '../../lib/template-set/paths.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import { binPath } from '../support/paths.js';
import { run } from '../support/process.js';
import { removeTempDir } from '../support/tempdir.js';
import { olderProjectPair, tree } from './older-project.js';

const templates = loadTemplateSet(templatesDir());
let uiDir: string;
let cliDir: string;


beforeAll(async () => {
  ({ uiDir, cliDir } = await olderProjectPair('ui-upgrade'));
});
afterAll(() => {
  removeTempDir(uiDir);
  removeTempDir(cliDir);
});

test('the pending upgrade is previewed per file with its diff, applied in one step, and equals djangoflow upgrade', async () => {
  const session = new Session(uiDir, templates, false);
  expect(session.data().upgrade).toEqual({ from: '0.0.9', to: session.data().version, questions: [] });
  const before = tree(uiDir);
  const preview = await session.previewChange({ kind: 'upgrade' });
  expect(preview.error).toBeUndefined();
  expect(preview.changes).toBe(true);
  expect(preview.command).toBe('djangoflow upgrade --defaults');
  const updated = preview.files!.filter((f) => f.action === 'update');
  expect(updated.map((f) => f.path)).toContain('README.md');
  const view = session.file(preview.previewId!, 'README.md')!;
  expect(view.diff!.some((hunk) => hunk.lines.some((l) => l.kind !== ' '))).toBe(true);
  expect(tree(uiDir)).toEqual(before);

  const result = await session.applyChange({ kind: 'upgrade' });
  expect(result.exitCode).toBe(0);
  const cli = await run(process.execPath, [binPath, 'upgrade', '--defaults'], { cwd: cliDir });
  expect(cli.code).toBe(0);
  expect(tree(uiDir)).toEqual(tree(cliDir));
  expect(session.data().upgrade).toBeUndefined();
  expect((await session.previewChange({ kind: 'upgrade' })).changes).toBe(false);
});
