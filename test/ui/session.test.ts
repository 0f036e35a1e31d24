/**
 * The work behind the page, without a browser: a pending generator upgrade previewed and
 * applied; a conflict shown with its three versions and applied as the CLI leaves it; the
 * answers resolved with the CLI's messages; the line diff.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { diffLines } from '../../generators/ui/diff.js';
import { resolveForm } from '../../generators/ui/form.js';
import { Session } from '../../generators/ui/session.js';
import { exitCodes } from '../../lib/run/exit-codes.js';
import { templatesDir } from '../../lib/template-set/paths.js';
import { readStateFile } from '../../lib/record/state.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import { folderHash } from '../support/folder-hash.js';
import { binPath } from '../support/paths.js';
import { run } from '../support/process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';

const templates = loadTemplateSet(templatesDir());
let dir: string;

beforeAll(async () => {
  dir = makeTempDir('ui-session');
  // An older generator wrote the project: the page has an upgrade to offer.
  const result = await run(process.execPath, [binPath, '--defaults'], { cwd: dir, env: { ...process.env, DJANGOFLOW_VERSION: '0.0.9' } });
  expect(result.code).toBe(0);
});
afterAll(() => removeTempDir(dir));

test('a pending upgrade is offered, previewed without writing, and applied through the pipeline', async () => {
  const session = new Session(dir, templates, false);
  const data = session.data();
  expect(data.mode).toBe('project');
  expect(data.upgrade).toEqual({ from: '0.0.9', to: data.version, questions: [] });
  const before = readFileSync(join(dir, '.yo-rc.json'), 'utf8');
  const preview = await session.preview(data.initial);
  expect(preview.problems).toEqual({});
  expect(preview.recordChanged).toBe(true);
  expect(preview.files!.filter((f) => f.action === 'update').map((f) => f.path)).toContain('README.md');
  expect(readFileSync(join(dir, '.yo-rc.json'), 'utf8')).toBe(before);
  const applied = await session.apply(data.initial);
  expect(applied).toMatchObject({ exitCode: exitCodes.done });
  expect(readStateFile(dir).state!.version).toBe(data.version);
  expect(session.data().upgrade).toBeUndefined();
});

test('a conflict shows the three versions, and applying leaves the markers as the CLI does', async () => {
  const readme = join(dir, 'README.md');
  const original = readFileSync(readme, 'utf8');
  const line = original.split('\n').find((l) => l.includes('a Django project in the DjangoFlow layout'))!;
  writeFileSync(readme, original.replace(line, 'Our shop, described our way.'));
  const session = new Session(dir, templates, false);
  const input = { answers: { description: 'The Acme online shop' }, plugins: session.data().initial.plugins };
  const preview = await session.preview(input);
  expect(preview.files!.find((f) => f.path === 'README.md')!.action).toBe('conflict');
  const view = session.file(preview.previewId!, 'README.md')!;
  expect(view.stages!.base).toContain(line);
  expect(view.stages!.ours).toContain('Our shop, described our way.');
  expect(view.stages!.theirs).toContain('The Acme online shop');
  expect(view.next).toMatch(/^<<<<<<< yours$/m);
  expect(readFileSync(readme, 'utf8')).not.toContain('<<<<<<<');
  // Only the preview's own paths are shown.
  expect(session.file(preview.previewId!, '../README.md')).toBeNull();
  expect(session.file('nope', 'README.md')).toBeNull();
  const applied = await session.apply(input);
  expect(applied).toMatchObject({ exitCode: exitCodes.conflicts });
  expect((applied as { lines: string[] }).lines.join('\n')).toMatch(/conflict\s+README\.md/);
  expect(readFileSync(readme, 'utf8')).toContain('<<<<<<< yours');
});

test('answers resolve as the CLI resolves them: defaults follow earlier answers, messages are the CLI’s', () => {
  const resolved = resolveForm({ answers: { projectName: 'Acme Shop', timezone: 'Mars/Base' }, plugins: [] }, null, templates);
  expect(resolved.values.projectSlug).toBe('acme_shop');
  expect(resolved.problems).toEqual({ timezone: 'timezone "Mars/Base" is not an IANA time zone (e.g. UTC, Europe/Berlin)' });
  expect(resolved.next).toBeUndefined();
  const clash = resolveForm({ answers: {}, plugins: ['nope'] }, null, templates);
  expect(clash.pluginProblem).toMatch(/unknown plugin "nope"/);
});

test('the line diff gives hunks with context', () => {
  const before = 'abcdefghijklmn'.split('').join('\n') + '\n';
  const after = before.replace('b\n', 'B\n').replace('l\n', '');
  const hunks = diffLines(before, after);
  expect(hunks).toHaveLength(2);
  expect(hunks[0]).toMatchObject({ oldStart: 1, newStart: 1 });
  expect(hunks[0]!.lines.filter((l) => l.kind !== ' ')).toEqual([
    { kind: '-', text: 'b' },
    { kind: '+', text: 'B' },
  ]);
  expect(hunks[1]!.lines.filter((l) => l.kind !== ' ')).toEqual([{ kind: '-', text: 'l' }]);
  expect(hunks[1]).toMatchObject({ oldStart: 9, newStart: 9 });
  expect(diffLines('same\n', 'same\n')).toEqual([]);
  expect(diffLines('', 'new\n')).toEqual([{ oldStart: 1, newStart: 1, lines: [{ kind: '+', text: 'new' }] }]);
});

test('the preview never waits on the project lock; Apply takes it, as the CLI does, and releases it', async () => {
  const session = new Session(dir, templates, false);
  const data = session.data();
  // Another live run holds the lock (the test's parent process stands in for it).
  mkdirSync(join(dir, '.djangoflow'), { recursive: true });
  writeFileSync(join(dir, '.djangoflow/lock'), JSON.stringify({ pid: process.ppid, start: '', host: hostname() }));
  const preview = await session.preview(data.initial);
  expect(preview.problems).toEqual({});
  await expect(session.apply(data.initial)).rejects.toThrow(/another djangoflow run/);
  rmSync(join(dir, '.djangoflow'), { recursive: true, force: true });
  const applied = await session.apply(data.initial);
  expect(applied).toMatchObject({ exitCode: exitCodes.done });
  expect(existsSync(join(dir, '.djangoflow/lock'))).toBe(false);
});

test('a project whose record is deleted is not generated over, even with --force: neither when the page opens nor at Apply', async () => {
  const project = makeTempDir('ui-lost-record');
  try {
    expect((await run(process.execPath, [binPath, '--defaults'], { cwd: project })).code).toBe(0);
    const session = new Session(project, templates, true);
    const { initial } = session.data();
    rmSync(join(project, '.yo-rc.json'));
    const before = folderHash(project);
    const lost = /^\.yo-rc\.json \(the project's record\) is missing, but a djangoflow render of this project is stored: restore it from a backup, then run again$/;
    await expect(session.apply(initial)).rejects.toThrow(lost);
    const opened = await run(process.execPath, [binPath, 'ui', '--force', '--no-open', '--port', '0'], { cwd: project, timeoutMs: 30_000 });
    expect({ code: opened.code, stdout: opened.stdout }).toEqual({ code: 1, stdout: '' });
    expect(opened.stderr.replace(/^djangoflow: /, '').trim()).toMatch(lost);
    expect(folderHash(project)).toBe(before);
  } finally {
    removeTempDir(project);
  }
});
