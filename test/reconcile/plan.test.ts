import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { applyReconcile, loadPristine, planReconcile, savePristine, type FileTree, type ReconcileReport } from '../../lib/reconcile/index.js';
import { buildReport, EDITED_ONLY } from '../../lib/reconcile/plan.js';
import type { FileDecision } from '../../lib/reconcile/types.js';
import { detectRenames } from '../../lib/reconcile/renames.js';
import { lines, makeProject, read, readTree, removeProjects, tree } from './helpers.js';

afterEach(removeProjects);

const BASE = lines('import os', '', 'A = 1', 'B = 2', 'C = 3', 'D = 4', 'E = 5', 'F = 6');

async function reconcile(dir: string, base: FileTree | null, theirs: FileTree, extra: Partial<Parameters<typeof planReconcile>[0]> = {}): Promise<ReconcileReport> {
  const report = await planReconcile({ projectDir: dir, base, theirs, ...extra });
  await applyReconcile(dir, report);
  return report;
}

function actionOf(report: ReconcileReport, path: string): string | undefined {
  return report.decisions.find((d) => d.path === path)?.action;
}

describe('planReconcile: the per-file table', () => {
  it('creates every file on the first generation', async () => {
    const dir = makeProject();
    const report = await reconcile(dir, null, tree({ 'a.py': 'a = 1\n', 'src/b/c.md': '# c\n' }));
    expect(report.decisions.map((d) => [d.action, d.path])).toEqual([
      ['create', 'a.py'],
      ['create', 'src/b/c.md'],
    ]);
    expect(report.changed).toBe(true);
    expect(readTree(dir)).toEqual({ 'a.py': 'a = 1\n', 'src/b/c.md': '# c\n' });
  });

  it('creates into a project folder that does not exist yet', async () => {
    const dir = join(makeProject(), 'new-project');
    const report = await reconcile(dir, null, tree({ 'a.py': 'a = 1\n' }));
    expect(report.decisions.map((d) => d.action)).toEqual(['create']);
    expect(readTree(dir)).toEqual({ 'a.py': 'a = 1\n' });
  });

  it('takes the new render for a file the user did not touch', async () => {
    const dir = makeProject({ 's.py': BASE, 'same.py': 'x = 1\n' });
    const theirs = BASE.replace('E = 5', 'E = 50');
    const report = await reconcile(dir, tree({ 's.py': BASE, 'same.py': 'x = 1\n' }), tree({ 's.py': theirs, 'same.py': 'x = 1\n' }));
    expect(actionOf(report, 's.py')).toBe('update');
    expect(actionOf(report, 'same.py')).toBe('unchanged');
    expect(read(dir, 's.py')).toBe(theirs);
  });

  it("keeps the user's file when the template did not change it", async () => {
    const ours = BASE.replace('A = 1', 'A = 100');
    const dir = makeProject({ 's.py': ours });
    const report = await reconcile(dir, tree({ 's.py': BASE }), tree({ 's.py': BASE }));
    expect(actionOf(report, 's.py')).toBe('keep');
    expect(report.changed).toBe(false);
    expect(read(dir, 's.py')).toBe(ours);
  });

  it('merges when both changed different lines', async () => {
    const dir = makeProject({ 's.py': BASE.replace('A = 1', 'A = 100') });
    const report = await reconcile(dir, tree({ 's.py': BASE }), tree({ 's.py': BASE.replace('F = 6', 'F = 60') }));
    expect(actionOf(report, 's.py')).toBe('merge');
    expect(read(dir, 's.py')).toBe(BASE.replace('A = 1', 'A = 100').replace('F = 6', 'F = 60'));
    expect(report.conflicts).toEqual([]);
  });

  it('marks conflicts inline with labelled markers when both changed the same line', async () => {
    const dir = makeProject({ 's.py': BASE.replace('C = 3', 'C = "mine"') });
    const report = await reconcile(dir, tree({ 's.py': BASE }), tree({ 's.py': BASE.replace('C = 3', 'C = "new"') }), {
      labels: { theirs: 'djangoflow 0.2.0' },
    });
    expect(actionOf(report, 's.py')).toBe('conflict');
    expect(report.conflicts).toEqual(['s.py']);
    expect(read(dir, 's.py')).toBe(
      lines('import os', '', 'A = 1', 'B = 2', '<<<<<<< yours', 'C = "mine"', '||||||| base', 'C = 3', '=======', 'C = "new"', '>>>>>>> djangoflow 0.2.0', 'D = 4', 'E = 5', 'F = 6'),
    );
  });

  it('leaves a file the user deleted deleted, and says so', async () => {
    const dir = makeProject({});
    const report = await reconcile(dir, tree({ 'gone.py': BASE }), tree({ 'gone.py': BASE.replace('A = 1', 'A = 2') }));
    expect(report.decisions).toEqual([expect.objectContaining({ path: 'gone.py', action: 'skip', reason: expect.stringContaining('you deleted it') })]);
    expect(report.changed).toBe(false);
    expect(existsSync(join(dir, 'gone.py'))).toBe(false);
  });

  it('deletes a file the template dropped when the user did not edit it, and removes the empty folder', async () => {
    const dir = makeProject({ 'old/x.py': BASE, 'keep.py': 'k = 1\n' });
    const report = await reconcile(dir, tree({ 'old/x.py': BASE, 'keep.py': 'k = 1\n' }), tree({ 'keep.py': 'k = 1\n' }));
    expect(actionOf(report, 'old/x.py')).toBe('delete');
    expect(readTree(dir)).toEqual({ 'keep.py': 'k = 1\n' });
    expect(existsSync(join(dir, 'old'))).toBe(false);
    expect(existsSync(join(dir, 'keep.py'))).toBe(true);
  });

  it('removes every folder a delete left empty, and no folder that still holds a file', async () => {
    const dir = makeProject({ 'a/b/c/x.py': BASE, 'a/y.py': BASE, 'd/e/z.py': BASE, 'd/mine.txt': 'mine\n' });
    await reconcile(dir, tree({ 'a/b/c/x.py': BASE, 'a/y.py': BASE, 'd/e/z.py': BASE }), tree({}));
    expect(existsSync(join(dir, 'a'))).toBe(false);
    expect(existsSync(join(dir, 'd/e'))).toBe(false);
    expect(readTree(dir)).toEqual({ 'd/mine.txt': 'mine\n' });
    expect(existsSync(dir)).toBe(true);
  });

  it('keeps a file the template dropped when the user edited it', async () => {
    const ours = BASE.replace('B = 2', 'B = 22');
    const dir = makeProject({ 'x.py': ours });
    const report = await reconcile(dir, tree({ 'x.py': BASE }), tree({}));
    expect(report.decisions).toEqual([
      { path: 'x.py', action: 'keep', reason: 'removed from template, kept because you edited it' },
    ]);
    expect(read(dir, 'x.py')).toBe(ours);
  });

  it("carries the user's edits to the new path of an explicitly renamed file", async () => {
    const dir = makeProject({ 'src/old.py': BASE.replace('A = 1', 'A = "user"') });
    const theirs = BASE.replace('F = 6', 'F = "template"');
    const report = await reconcile(dir, tree({ 'src/old.py': BASE }), tree({ 'src/new.py': theirs }), {
      renames: { 'src/old.py': 'src/new.py' },
    });
    expect(report.decisions.find((d) => d.path === 'src/new.py')).toMatchObject({ action: 'merge', from: 'src/old.py' });
    expect(actionOf(report, 'src/old.py')).toBe('delete');
    expect(readTree(dir)).toEqual({ 'src/new.py': BASE.replace('A = 1', 'A = "user"').replace('F = 6', 'F = "template"') });
  });

  it('leaves a renamed file deleted when the user had deleted it', async () => {
    const dir = makeProject({});
    const report = await reconcile(dir, tree({ 'old.py': BASE }), tree({ 'new.py': BASE }), { renames: { 'old.py': 'new.py' } });
    expect(report.decisions).toEqual([expect.objectContaining({ path: 'new.py', action: 'skip', from: 'old.py' })]);
    expect(readTree(dir)).toEqual({});
  });

  it('merges at the new path when the user had already moved the file there', async () => {
    const dir = makeProject({ 'new.py': BASE.replace('A = 1', 'A = "user"') });
    const report = await reconcile(dir, tree({ 'old.py': BASE }), tree({ 'new.py': BASE.replace('F = 6', 'F = 60') }), {
      renames: { 'old.py': 'new.py' },
    });
    expect(report.decisions).toEqual([expect.objectContaining({ path: 'new.py', action: 'merge', from: 'old.py' })]);
    expect(readTree(dir)).toEqual({ 'new.py': BASE.replace('A = 1', 'A = "user"').replace('F = 6', 'F = 60') });
  });

  it('merges at the new path and deletes the untouched old one when the user copied the file there', async () => {
    const dir = makeProject({ 'old.py': BASE, 'new.py': BASE.replace('A = 1', 'A = "user"') });
    const report = await reconcile(dir, tree({ 'old.py': BASE }), tree({ 'new.py': BASE.replace('F = 6', 'F = 60') }), {
      renames: { 'old.py': 'new.py' },
    });
    expect(report.decisions.map((d) => [d.path, d.action, d.from, d.reason])).toEqual([
      ['new.py', 'merge', 'old.py', expect.stringMatching(/^renamed from old\.py by the template; ./)],
      ['old.py', 'delete', undefined, 'removed from the template'],
    ]);
    expect(readTree(dir)).toEqual({ 'new.py': BASE.replace('A = 1', 'A = "user"').replace('F = 6', 'F = 60') });
  });

  it('keeps an edited binary where it is when the template renames it, and adds the new one', async () => {
    const png = (...bytes: number[]) => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, ...bytes]);
    const dir = makeProject({ 'img/old.png': png(9, 9) });
    const report = await reconcile(dir, tree({ 'img/old.png': png(1) }), tree({ 'img/new.png': png(2) }), { renames: { 'img/old.png': 'img/new.png' } });
    expect(report.decisions.map((d) => [d.path, d.action, d.from, d.reason])).toEqual([
      ['img/new.png', 'create', 'img/old.png', 'renamed from img/old.png by the template; your edited img/old.png is kept beside it'],
      ['img/old.png', 'keep', undefined, 'renamed to img/new.png by the template, kept because you edited it (binary)'],
    ]);
    expect(readFileSync(join(dir, 'img/old.png'))).toEqual(png(9, 9));
    expect(readFileSync(join(dir, 'img/new.png'))).toEqual(png(2));
  });

  it('turns an untouched file into a folder, and refuses when the file in the way was edited', async () => {
    const base = tree({ 'tools/build': 'echo 1\n' });
    const theirs = tree({ 'tools/build/run': 'echo 2\n', 'tools/build/README.md': '# build\n' });
    const clean = makeProject({ 'tools/build': 'echo 1\n' });
    await reconcile(clean, base, theirs);
    expect(readTree(clean)).toEqual({ 'tools/build/run': 'echo 2\n', 'tools/build/README.md': '# build\n' });
    const edited = makeProject({ 'tools/build': 'echo mine\n' });
    await expect(planReconcile({ projectDir: edited, base, theirs })).rejects.toThrow(
      'tools/build: you edited this file, and the template now has a folder there (tools/build/run); move your file away (and merge your edits back by hand afterwards), then run again',
    );
    expect(readTree(edited)).toEqual({ 'tools/build': 'echo mine\n' });
  });

  it('detects a rename by content when none is declared', async () => {
    const ours = BASE.replace('A = 1', 'A = "user"');
    const dir = makeProject({ 'a/models.py': ours, 'a/__init__.py': '' });
    const report = await reconcile(
      dir,
      tree({ 'a/models.py': BASE, 'a/__init__.py': '' }),
      tree({ 'b/models.py': BASE, 'b/__init__.py': '' }),
    );
    expect(report.decisions.find((d) => d.path === 'b/models.py')).toMatchObject({ action: 'create', from: 'a/models.py' });
    // Empty files are never treated as renames of each other.
    expect(report.decisions.find((d) => d.path === 'b/__init__.py')).toMatchObject({ action: 'create' });
    expect(report.decisions.find((d) => d.path === 'b/__init__.py')?.from).toBeUndefined();
    expect(readTree(dir)).toEqual({ 'b/models.py': ours, 'b/__init__.py': '' });
  });

  it('detects a rename by content only under the same file name', async () => {
    const dir = makeProject({ 'k8s/api.yaml': BASE.replace('A = 1', 'A = "user"') });
    const report = await reconcile(dir, tree({ 'k8s/api.yaml': BASE }), tree({ 'k8s/worker.yaml': BASE.replace('F = 6', 'F = 7') }));
    expect(report.decisions.find((d) => d.path === 'k8s/worker.yaml')).toEqual(expect.objectContaining({ action: 'create' }));
    expect(report.decisions.find((d) => d.path === 'k8s/worker.yaml')?.from).toBeUndefined();
    expect(detectRenames(tree({ 'a/api.yaml': BASE }), tree({ 'b/worker.yaml': BASE }))).toEqual(new Map());
    expect(detectRenames(tree({ 'a/api.yaml': BASE }), tree({ 'b/api.yaml': BASE }))).toEqual(new Map([['b/api.yaml', 'a/api.yaml']]));
  });

  it('merges a new template file against an empty base when the user already has one', async () => {
    const dir = makeProject({ 'same.py': BASE, 'mine.py': BASE.replace('C = 3', 'C = "mine"') });
    const report = await reconcile(dir, null, tree({ 'same.py': BASE, 'mine.py': BASE, 'fresh.py': 'f = 1\n' }));
    expect(actionOf(report, 'same.py')).toBe('unchanged');
    expect(actionOf(report, 'fresh.py')).toBe('create');
    expect(actionOf(report, 'mine.py')).toBe('conflict');
    // Only the differing line is in conflict, not the whole file.
    const merged = read(dir, 'mine.py');
    expect(merged).toContain(lines('A = 1', 'B = 2', '<<<<<<< yours', 'C = "mine"', '||||||| base', '=======', 'C = 3', '>>>>>>> djangoflow', 'D = 4'));
    expect(merged.startsWith('import os\n')).toBe(true);
  });

  it('never merges binaries: the new version goes beside the edited one', async () => {
    const base = Buffer.from([0, 1, 2, 3]);
    const ours = Buffer.from([0, 9, 9, 9]);
    const theirs = Buffer.from([0, 1, 2, 4]);
    const dir = makeProject({ 'logo.png': ours, 'icon.png': base });
    const report = await reconcile(dir, tree({ 'logo.png': base, 'icon.png': base }), tree({ 'logo.png': theirs, 'icon.png': theirs }));
    expect(report.decisions.find((d) => d.path === 'logo.png')).toMatchObject({ action: 'conflict', sidecar: 'logo.png.djangoflow-new' });
    expect(actionOf(report, 'icon.png')).toBe('update');
    expect(readFileSync(join(dir, 'logo.png'))).toEqual(ours);
    expect(readFileSync(join(dir, 'logo.png.djangoflow-new'))).toEqual(theirs);
    expect(readFileSync(join(dir, 'icon.png'))).toEqual(theirs);
  });

  it('never overwrites a sidecar the user has: the next free one is used, an identical one reused', async () => {
    const base = Buffer.from([0, 1, 2, 3]);
    const ours = Buffer.from([0, 9, 9, 9]);
    const theirs = Buffer.from([0, 1, 2, 4]);
    const mine = Buffer.from([7, 7]);
    const dir = makeProject({ 'logo.png': ours, 'logo.png.djangoflow-new': mine, 'logo.png.djangoflow-new.2': theirs });
    const report = await planReconcile({ projectDir: dir, base: tree({ 'logo.png': base }), theirs: tree({ 'logo.png': theirs }) });
    expect(report.decisions[0]).toMatchObject({ action: 'conflict', sidecar: 'logo.png.djangoflow-new.2' });
    const other = Buffer.from([5, 5, 5]);
    const next = await reconcile(dir, tree({ 'logo.png': base }), tree({ 'logo.png': other }));
    expect(next.decisions[0]).toMatchObject({ action: 'conflict', sidecar: 'logo.png.djangoflow-new.3' });
    expect(readFileSync(join(dir, 'logo.png.djangoflow-new'))).toEqual(mine);
    expect(readFileSync(join(dir, 'logo.png.djangoflow-new.2'))).toEqual(theirs);
    expect(readFileSync(join(dir, 'logo.png.djangoflow-new.3'))).toEqual(other);
  });
});

describe('planReconcile: line endings and formatting', () => {
  const crlf = (text: string) => text.replace(/\n/g, '\r\n');

  it('merges a CRLF working file without a whole-file conflict and keeps CRLF', async () => {
    const dir = makeProject({ 's.py': crlf(BASE.replace('A = 1', 'A = 100')), 'u.py': crlf(BASE) });
    const theirs = BASE.replace('F = 6', 'F = 60');
    const report = await reconcile(dir, tree({ 's.py': BASE, 'u.py': BASE }), tree({ 's.py': theirs, 'u.py': theirs }));
    expect(actionOf(report, 's.py')).toBe('merge');
    expect(read(dir, 's.py')).toBe(crlf(BASE.replace('A = 1', 'A = 100').replace('F = 6', 'F = 60')));
    // Only line endings differ from the base: untouched, updated in the user's line endings.
    expect(actionOf(report, 'u.py')).toBe('update');
    expect(read(dir, 'u.py')).toBe(crlf(theirs));
  });

  it("keeps a byte order mark the user's editor put first, and merges past it", async () => {
    const bom = (text: string) => `\uFEFF${text}`;
    const theirs = BASE.replace('import os', 'import sys');
    const dir = makeProject({ 'edited.py': bom(BASE.replace('F = 6', 'F = 600')), 'untouched.py': bom(BASE), 'both.py': crlf(bom(BASE.replace('F = 6', 'F = 600'))), 'same.py': bom(theirs) });
    const files = ['edited.py', 'untouched.py', 'both.py', 'same.py'];
    const report = await reconcile(dir, tree(Object.fromEntries(files.map((path) => [path, BASE]))), tree(Object.fromEntries(files.map((path) => [path, theirs]))));
    // The mark beside the template's change of the first line is no conflict.
    expect(files.map((path) => [path, actionOf(report, path)])).toEqual([
      ['edited.py', 'merge'],
      ['untouched.py', 'update'],
      ['both.py', 'merge'],
      ['same.py', 'unchanged'],
    ]);
    expect(read(dir, 'edited.py')).toBe(bom(theirs.replace('F = 6', 'F = 600')));
    expect(read(dir, 'untouched.py')).toBe(bom(theirs));
    expect(read(dir, 'both.py')).toBe(crlf(bom(theirs.replace('F = 6', 'F = 600'))));
    expect(read(dir, 'same.py')).toBe(bom(theirs));
  });

  it("a conflict in a file with a byte order mark keeps the mark once, first", async () => {
    const dir = makeProject({ 'c.py': `\uFEFF${BASE.replace('A = 1', 'A = "mine"')}` });
    const report = await reconcile(dir, tree({ 'c.py': BASE }), tree({ 'c.py': BASE.replace('A = 1', 'A = 2') }));
    expect(actionOf(report, 'c.py')).toBe('conflict');
    const text = read(dir, 'c.py');
    expect([text.startsWith('\uFEFFimport os\n'), text.includes('<<<<<<< yours\nA = "mine"\n'), text.split('\uFEFF').length]).toEqual([true, true, 2]);
  });

  it('a file removed from the template that differs from its last render only by a byte order mark is deleted as unedited', async () => {
    const dir = makeProject({ 'gone.py': `\uFEFF${BASE}`, 'kept.py': BASE });
    const report = await reconcile(dir, tree({ 'gone.py': BASE, 'kept.py': BASE }), tree({ 'kept.py': BASE }));
    expect(actionOf(report, 'gone.py')).toBe('delete');
    expect(existsSync(join(dir, 'gone.py'))).toBe(false);
  });

  it('reports a CRLF copy of the render as unchanged', async () => {
    const dir = makeProject({ 's.py': crlf(BASE) });
    const report = await planReconcile({ projectDir: dir, base: tree({ 's.py': BASE }), theirs: tree({ 's.py': BASE }) });
    expect(report.changed).toBe(false);
  });

  // A stand-in for ruff/prettier: one space between tokens, no trailing blanks.
  const normalizeSpaces = async (_path: string, text: string) =>
    text
      .split('\n')
      .map((line) => line.replace(/\s+$/, '').replace(/ {2,}/g, ' '))
      .join('\n');
  const reformatted = (text: string) => text.replace(/ = /g, '   =   ').replace(/\n/g, '  \n');

  it('does not conflict when the user reformatted the file and edited it', async () => {
    const ours = reformatted(BASE.replace('B = 2', 'B = 22'));
    const dir = makeProject({ 's.py': ours });
    const theirs = BASE.replace('E = 5', 'E = 55');
    const withoutFormat = await planReconcile({ projectDir: dir, base: tree({ 's.py': BASE }), theirs: tree({ 's.py': theirs }) });
    expect(actionOf(withoutFormat, 's.py')).toBe('conflict'); // the spurious conflict the callback avoids

    const report = await reconcile(dir, tree({ 's.py': BASE }), tree({ 's.py': theirs }), { format: normalizeSpaces });
    expect(actionOf(report, 's.py')).toBe('merge');
    expect(read(dir, 's.py')).toBe(BASE.replace('B = 2', 'B = 22').replace('E = 5', 'E = 55'));
  });

  it('takes the new render when the user only reformatted', async () => {
    const dir = makeProject({ 's.py': reformatted(BASE), 'gone.py': reformatted(BASE) });
    const theirs = BASE.replace('C = 3', 'C = 33');
    const report = await reconcile(dir, tree({ 's.py': BASE, 'gone.py': BASE }), tree({ 's.py': theirs }), { format: normalizeSpaces });
    expect(report.decisions).toEqual([
      expect.objectContaining({ path: 'gone.py', action: 'delete' }),
      expect.objectContaining({ path: 's.py', reason: expect.stringMatching(/formatting|merged/) }),
    ]);
    expect(report.conflicts).toEqual([]);
    expect(read(dir, 's.py')).not.toContain('<<<<<<<');
    expect(await normalizeSpaces('s.py', read(dir, 's.py'))).toBe(theirs);
  });

  it('ignores a formatter that cannot parse the file', async () => {
    const dir = makeProject({ 's.py': BASE.replace('C = 3', 'C = "mine"') });
    const report = await planReconcile({
      projectDir: dir,
      base: tree({ 's.py': BASE }),
      theirs: tree({ 's.py': BASE.replace('C = 3', 'C = 4') }),
      format: async () => {
        throw new Error('syntax error');
      },
    });
    expect(actionOf(report, 's.py')).toBe('conflict');
  });
});

describe('planReconcile: dry run and repeat runs', () => {
  it('writes nothing while planning', async () => {
    const dir = makeProject({ 's.py': BASE.replace('C = 3', 'C = "mine"'), 'x.py': BASE });
    const before = readTree(dir);
    const report = await planReconcile({
      projectDir: dir,
      base: tree({ 's.py': BASE, 'x.py': BASE }),
      theirs: tree({ 's.py': BASE.replace('C = 3', 'C = 4'), 'n.py': 'n = 1\n' }),
    });
    expect(report.changed).toBe(true);
    expect(readTree(dir)).toEqual(before);
  });

  it('is a no-op the second time, conflicts included', async () => {
    const dir = makeProject({ 's.py': BASE.replace('C = 3', 'C = "mine"'), 'a.py': BASE.replace('A = 1', 'A = 2'), 'logo.png': Buffer.from([0, 7]) });
    const base = tree({ 's.py': BASE, 'a.py': BASE, 'old.py': BASE, 'logo.png': Buffer.from([0, 1]) });
    const theirs = tree({ 's.py': BASE.replace('C = 3', 'C = 4'), 'a.py': BASE.replace('F = 6', 'F = 7'), 'new.py': 'n = 1\n', 'logo.png': Buffer.from([0, 2]) });
    const first = await reconcile(dir, base, theirs);
    expect(first.changed).toBe(true);
    const afterFirst = readTree(dir);

    const second = await planReconcile({ projectDir: dir, base: theirs, theirs });
    expect(second.changed).toBe(false);
    expect(second.conflicts).toEqual([]);
    await applyReconcile(dir, second);
    expect(readTree(dir)).toEqual(afterFirst);
  });

  it('saves the new base even when no file changes', async () => {
    const theirs = tree({ 's.py': BASE.replace('A = 1', 'A = 2') });
    const dir = makeProject({ 's.py': BASE.replace('A = 1', 'A = 2') });
    await savePristine(dir, tree({ 's.py': BASE }));
    const report = await planReconcile({ projectDir: dir, base: await loadPristine(dir), theirs });
    expect(report.decisions.map((d) => d.action)).toEqual(['unchanged']);
    expect(report.changed).toBe(false);
    await applyReconcile(dir, report, { pristine: theirs });
    expect(await loadPristine(dir)).toEqual(theirs);
    expect(read(dir, 's.py')).toBe(BASE.replace('A = 1', 'A = 2'));
  });

  it('v1 -> v2 -> v3 equals v1 -> v3 when nothing conflicts', async () => {
    const v1 = tree({ 's.py': BASE, 'r.py': BASE });
    const v2 = tree({ 's.py': BASE.replace('E = 5', 'E = 50'), 'r.py': BASE });
    const v3 = tree({ 's.py': BASE.replace('E = 5', 'E = 50').replace('F = 6', 'F = 60'), 'q.py': BASE.replace('D = 4', 'D = 40') });
    const edited = { 's.py': BASE.replace('A = 1', 'A = 10'), 'r.py': BASE.replace('B = 2', 'B = 20') };
    const stepwise = makeProject(edited);
    // r.py -> q.py changes the name: only a declared rename carries edits to another name.
    const renames = { 'r.py': 'q.py' };
    await reconcile(stepwise, v1, v2);
    await reconcile(stepwise, v2, v3, { renames });
    const direct = makeProject(edited);
    await reconcile(direct, v1, v3, { renames });
    expect(readTree(stepwise)).toEqual(readTree(direct));
    expect(read(direct, 'q.py')).toBe(BASE.replace('B = 2', 'B = 20').replace('D = 4', 'D = 40'));
  });

  it('rejects a path that would leave the project', async () => {
    const dir = makeProject();
    await expect(planReconcile({ projectDir: dir, base: null, theirs: tree({ '../evil.py': 'x' }) })).rejects.toThrow(/invalid path/);
  });
});

describe('planReconcile: the reason of every outcome', () => {
  const crlf = (text: string) => text.replace(/\n/g, '\r\n');
  const spaced = (text: string) => text.replace(/ = /g, '  =  ');
  // A stand-in formatter: single spaces; a file containing SYNTAX cannot be parsed.
  const format = async (_path: string, text: string) => {
    if (text.includes('SYNTAX')) throw new Error('cannot parse');
    return text.replace(/ {2,}/g, ' ');
  };
  const edit = (...pairs: string[]) => {
    let text = BASE;
    for (let i = 0; i < pairs.length; i += 2) text = text.replace(pairs[i]!, pairs[i + 1]!);
    return text;
  };
  const bin = (...bytes: number[]) => Buffer.from([0, ...bytes]);

  it('names the rule that decided each file', async () => {
    const files: Array<[path: string, base: string | Buffer | undefined, ours: string | Buffer | undefined, theirs: string | Buffer | undefined]> = [
      ['new.py', undefined, undefined, BASE],
      ['del-same.py', BASE, undefined, BASE],
      ['del-changed.py', BASE, undefined, edit('A = 1', 'A = 2')],
      ['up.py', BASE, edit('A = 1', 'A = 2'), edit('A = 1', 'A = 2')],
      ['crlf-up.py', BASE, crlf(edit('A = 1', 'A = 2')), edit('A = 1', 'A = 2')],
      ['untouched.py', BASE, BASE, edit('A = 1', 'A = 2')],
      ['edited.py', BASE, edit('A = 1', 'A = 2'), BASE],
      ['merged.py', BASE, edit('A = 1', 'A = 2'), edit('F = 6', 'F = 7')],
      ['contains.py', BASE, edit('A = 1', 'A = 2', 'F = 6', 'F = 7'), edit('A = 1', 'A = 2')],
      ['two.py', BASE, edit('A = 1', 'A = "a"', 'F = 6', 'F = "f"'), edit('A = 1', 'A = 0', 'F = 6', 'F = 0')],
      ['mine.py', undefined, edit('C = 3', 'C = "mine"'), BASE],
      ['fmt-base.py', BASE, spaced(BASE), edit('C = 3', 'C = 4')],
      ['fmt-theirs.py', BASE, spaced(edit('C = 3', 'C = 4')), edit('C = 3', 'C = 4')],
      ['fmt-merge.py', BASE, spaced(edit('A = 1', 'A = 2')), edit('C = 3', 'C = 4')],
      ['unparsable.py', BASE, edit('C = 3', 'C = SYNTAX'), edit('C = 3', 'C = 4')],
      ['dropped-fmt.py', BASE, spaced(BASE), undefined],
      ['dropped-edit.py', BASE, edit('A = 1', 'A = 2'), undefined],
      ['dropped-gone.py', BASE, undefined, undefined],
      ['b-up.bin', bin(1), bin(2), bin(2)],
      ['b-untouched.bin', bin(1), bin(1), bin(2)],
      ['b-edited.bin', bin(1), bin(3), bin(1)],
      ['b-both.bin', bin(1), bin(3), bin(2)],
      ['b-text.bin', 'text\n', bin(3), 'text 2\n'],
    ];
    const pick = (i: 1 | 2 | 3) => Object.fromEntries(files.flatMap((f) => (f[i] === undefined ? [] : [[f[0], f[i]!]])));
    const dir = makeProject(pick(2));
    const report = await planReconcile({ projectDir: dir, base: tree(pick(1)), theirs: tree(pick(3)), format });
    const both = 'you and the template both changed it';
    expect(Object.fromEntries(report.decisions.map((d) => [d.path, `${d.action}: ${d.reason}`]))).toEqual({
      'new.py': 'create: new file',
      'del-same.py': 'skip: you deleted it; it stays deleted',
      'del-changed.py': 'skip: you deleted it; it stays deleted (the template changed it since)',
      'up.py': 'unchanged: up to date',
      'crlf-up.py': 'unchanged: up to date',
      'untouched.py': 'update: you did not edit it',
      'edited.py': `keep: ${EDITED_ONLY}`,
      'merged.py': `merge: ${both}; merged`,
      'contains.py': 'unchanged: already contains the template changes',
      'two.py': `conflict: ${both}; 2 conflicts marked in the file`,
      'mine.py': 'conflict: you already had this file: merged against an empty base; 1 conflict marked in the file',
      'fmt-base.py': 'update: your changes were formatting only',
      'fmt-theirs.py': 'unchanged: differs from the template only in formatting',
      'fmt-merge.py': `merge: ${both}; merged (after formatting your file)`,
      'unparsable.py': `conflict: ${both}; 1 conflict marked in the file`,
      'dropped-fmt.py': 'delete: removed from the template',
      'dropped-edit.py': 'keep: removed from template, kept because you edited it',
      'b-up.bin': 'unchanged: up to date',
      'b-untouched.bin': 'update: you did not edit it',
      'b-edited.bin': `keep: ${EDITED_ONLY}`,
      'b-both.bin': 'conflict: binary file changed by you and by the template: the new version is in b-both.bin.djangoflow-new',
      'b-text.bin': 'conflict: binary file changed by you and by the template: the new version is in b-text.bin.djangoflow-new',
    });
    expect(report.decisions.map((d) => d.path)).toEqual(Object.keys(pick(3)).concat(['dropped-edit.py', 'dropped-fmt.py']).sort());
    expect(report.conflicts).toEqual(['b-both.bin', 'b-text.bin', 'mine.py', 'two.py', 'unparsable.py']);
    expect(report.changed).toBe(true);
    const decision = (path: string) => report.decisions.find((d) => d.path === path)!;
    expect(decision('untouched.py').content).toBe(edit('A = 1', 'A = 2'));
    expect(decision('fmt-base.py').content).toBe(edit('C = 3', 'C = 4'));
    expect(decision('merged.py').content).toBe(edit('A = 1', 'A = 2', 'F = 6', 'F = 7'));
    expect(decision('fmt-merge.py').content).toBe(edit('A = 1', 'A = 2', 'C = 3', 'C = 4'));
    expect(decision('b-untouched.bin').content).toEqual(bin(2));
    expect(decision('b-both.bin')).toMatchObject({ content: bin(2), sidecar: 'b-both.bin.djangoflow-new', stages: { base: bin(1), ours: bin(3), theirs: bin(2) } });
    expect(decision('two.py').stages).toEqual({ base: BASE, ours: edit('A = 1', 'A = "a"', 'F = 6', 'F = "f"'), theirs: edit('A = 1', 'A = 0', 'F = 6', 'F = 0') });
    expect(decision('mine.py').stages).toEqual({ base: undefined, ours: edit('C = 3', 'C = "mine"'), theirs: BASE });
    for (const d of report.decisions) expect([d.path, 'content' in d]).toEqual([d.path, ['create', 'update', 'merge', 'conflict'].includes(d.action)]);
    expect(readTree(dir)).toEqual(Object.fromEntries(Object.entries(pick(2)).map(([path, content]) => [path, Buffer.from(content).toString('latin1')])));
  });

  it('keeps CRLF in what it writes and in the stages of a conflict', async () => {
    const dir = makeProject({ 'c.py': crlf(edit('C = 3', 'C = "mine"')), 'u.py': crlf(BASE) });
    const report = await planReconcile({ projectDir: dir, base: tree({ 'c.py': BASE, 'u.py': BASE }), theirs: tree({ 'c.py': edit('C = 3', 'C = 4'), 'u.py': edit('A = 1', 'A = 2') }) });
    const [c, u] = report.decisions;
    expect(u!.content).toBe(crlf(edit('A = 1', 'A = 2')));
    expect(c!.stages).toEqual({ base: crlf(BASE), ours: crlf(edit('C = 3', 'C = "mine"')), theirs: crlf(edit('C = 3', 'C = 4')) });
    expect(c!.content).toContain('<<<<<<< yours\r\nC = "mine"\r\n||||||| base\r\nC = 3\r\n=======\r\nC = 4\r\n>>>>>>> djangoflow\r\n');
  });

  it('formats a clean merge of a file the user keeps formatted, and leaves one the user does not', async () => {
    // The template's new line is unformatted for the stand-in formatter (two spaces): merged
    // into a formatted file, it is formatted; into the user's spaced-out file, it is left.
    const theirs = edit('F = 6', 'F  =  7');
    const kept = edit('A = 1', 'A = 2');
    const loose = edit('A = 1', 'A  =  2');
    const dir = makeProject({ 'kept.py': kept, 'loose.py': loose, 'crlf.py': crlf(kept), 'broken.py': edit('A = 1', 'A = SYNTAX') });
    const report = await planReconcile({
      projectDir: dir,
      base: tree({ 'kept.py': BASE, 'loose.py': BASE, 'crlf.py': BASE, 'broken.py': BASE }),
      theirs: tree({ 'kept.py': theirs, 'loose.py': theirs, 'crlf.py': theirs, 'broken.py': theirs }),
      format,
    });
    const content = (path: string) => report.decisions.find((d) => d.path === path)!.content;
    expect(report.decisions.map((d) => d.action)).toEqual(['merge', 'merge', 'merge', 'merge']);
    expect(content('kept.py')).toBe(edit('A = 1', 'A = 2', 'F = 6', 'F = 7'));
    expect(content('crlf.py')).toBe(crlf(edit('A = 1', 'A = 2', 'F = 6', 'F = 7')));
    expect(content('loose.py')).toBe(edit('A = 1', 'A  =  2', 'F = 6', 'F  =  7'));
    // A file the formatter cannot parse is written as merged.
    expect(content('broken.py')).toBe(edit('A = 1', 'A = SYNTAX', 'F = 6', 'F  =  7'));
  });

  it('merges a file you already had again after formatting it, against an empty base', async () => {
    const ours = edit('A = 1', 'A  =  1', 'C = 3', 'C  =  "mine"', 'E = 5', 'E  =  5');
    const dir = makeProject({ 'had.py': ours });
    const report = await planReconcile({ projectDir: dir, base: null, theirs: tree({ 'had.py': BASE }), format });
    const [had] = report.decisions;
    expect(had!.reason).toBe('you already had this file: merged against an empty base; 1 conflict marked in the file (after formatting your file)');
    expect(had!.content).toBe(BASE.replace('C = 3\n', '<<<<<<< yours\nC = "mine"\n||||||| base\n=======\nC = 3\n>>>>>>> djangoflow\n'));
  });

  it('formats a file of up to 1 MB only', async () => {
    const formatted: string[] = [];
    const spy = async (path: string, text: string) => {
      formatted.push(path);
      return text;
    };
    const pad = (size: number) => (text: string) => text + '#'.repeat(size - text.length);
    const atLimit = pad(1_000_000);
    const over = pad(1_000_001);
    const ours = edit('C = 3', 'C = "mine"');
    const clean = edit('A = 1', 'A = 2');
    const dir = makeProject({
      'at.py': atLimit(ours),
      'over.py': over(ours),
      'gone-at.py': atLimit(ours),
      'gone-over.py': over(ours),
      'clean-at.py': atLimit(clean),
      'clean-over.py': over(clean),
    });
    await planReconcile({
      projectDir: dir,
      base: tree({ 'at.py': atLimit(BASE), 'over.py': over(BASE), 'gone-at.py': BASE, 'gone-over.py': BASE, 'clean-at.py': atLimit(BASE), 'clean-over.py': over(BASE) }),
      theirs: tree({
        'at.py': atLimit(edit('C = 3', 'C = 4')),
        'over.py': over(edit('C = 3', 'C = 4')),
        'clean-at.py': atLimit(edit('F = 6', 'F = 7')),
        'clean-over.py': over(edit('F = 6', 'F = 7')),
      }),
      format: spy,
    });
    // A clean merge formats yours, then the result.
    expect(formatted.sort()).toEqual(['at.py', 'clean-at.py', 'clean-at.py', 'gone-at.py']);
  });

  it('refuses paths that would leave the tree or are not plain', async () => {
    const dir = makeProject();
    for (const path of ['', '/abs.py', 'a\\b.py', '../up.py', 'a/../b.py', './a.py', 'a//b.py', 'a/']) {
      await expect(planReconcile({ projectDir: dir, base: null, theirs: tree({ [path]: 'x' }) })).rejects.toThrow(`invalid path in file tree: ${JSON.stringify(path)}`);
      await expect(planReconcile({ projectDir: dir, base: tree({ [path]: 'x' }), theirs: tree({}) })).rejects.toThrow('invalid path in file tree');
    }
    expect((await planReconcile({ projectDir: dir, base: null, theirs: tree({ 'a/.b..c/d.py': 'x' }) })).decisions).toHaveLength(1);
  });

  it('numbers a sidecar past the ones holding other content, and reuses an identical one', async () => {
    const dir = makeProject({
      'x.bin': bin(3),
      'x.bin.djangoflow-new': bin(7),
      'x.bin.djangoflow-new.2': bin(8),
      'y.bin': bin(3),
      'y.bin.djangoflow-new': bin(7),
      'y.bin.djangoflow-new.2': bin(2),
    });
    const report = await planReconcile({ projectDir: dir, base: tree({ 'x.bin': bin(1), 'y.bin': bin(1) }), theirs: tree({ 'x.bin': bin(2), 'y.bin': bin(2) }) });
    expect(report.decisions.map((d) => d.sidecar)).toEqual(['x.bin.djangoflow-new.3', 'y.bin.djangoflow-new.2']);
  });
});

describe('planReconcile: what a rename and a report say', () => {
  const edit = (from: string, to: string) => BASE.replace(from, to);

  it('names the rename in the reason of both paths, and whether the edits moved', async () => {
    const dir = makeProject({
      'same/a.py': BASE,
      'crlf/a.py': BASE.replace(/\n/g, '\r\n'),
      'mine/a.py': edit('A = 1', 'A = 2'),
      'both/a.py': edit('A = 1', 'A = 2'),
      'clash/a.py': edit('C = 3', 'C = "mine"'),
    });
    const base = tree({ 'same/a.py': BASE, 'crlf/a.py': BASE, 'mine/a.py': BASE, 'both/a.py': BASE, 'clash/a.py': BASE, 'gone/a.py': BASE });
    const theirs = tree({ 'same/b.py': BASE, 'crlf/b.py': BASE, 'mine/b.py': BASE, 'both/b.py': edit('F = 6', 'F = 7'), 'clash/b.py': edit('C = 3', 'C = 4'), 'gone/b.py': BASE });
    const renames = Object.fromEntries(['same', 'crlf', 'mine', 'both', 'clash', 'gone'].map((name) => [`${name}/a.py`, `${name}/b.py`]));
    const report = await planReconcile({ projectDir: dir, base, theirs, renames });
    expect(report.decisions.map((d) => `${d.action} ${d.path}${d.from ? ` (from ${d.from})` : ''}: ${d.reason}`)).toEqual([
      'delete both/a.py: renamed to both/b.py by the template; your edits moved with it',
      'merge both/b.py (from both/a.py): renamed from both/a.py by the template; you and the template both changed it; merged',
      'delete clash/a.py: renamed to clash/b.py by the template; your edits moved with it',
      'conflict clash/b.py (from clash/a.py): renamed from clash/a.py by the template; you and the template both changed it; 1 conflict marked in the file',
      'delete crlf/a.py: renamed to crlf/b.py by the template',
      'create crlf/b.py (from crlf/a.py): renamed from crlf/a.py by the template',
      'skip gone/b.py (from gone/a.py): you deleted gone/a.py, which the template renamed to gone/b.py; it stays deleted',
      'delete mine/a.py: renamed to mine/b.py by the template; your edits moved with it',
      'create mine/b.py (from mine/a.py): renamed from mine/a.py by the template; your edits moved with it',
      'delete same/a.py: renamed to same/b.py by the template',
      'create same/b.py (from same/a.py): renamed from same/a.py by the template',
    ]);
    const content = (path: string) => report.decisions.find((d) => d.path === path)!.content;
    expect(content('mine/b.py')).toBe(edit('A = 1', 'A = 2'));
    expect(content('same/b.py')).toBe(BASE);
    expect(content('both/b.py')).toBe(edit('A = 1', 'A = 2').replace('F = 6', 'F = 7'));
    expect(report.conflicts).toEqual(['clash/b.py']);
  });

  it('calls a report changed when any decision writes', () => {
    const changed = (action: FileDecision['action']) => buildReport([{ path: 'x', action, reason: '' }]).changed;
    expect(['create', 'update', 'merge', 'conflict', 'delete', 'unchanged', 'keep', 'skip'].map((a) => [a, changed(a as FileDecision['action'])])).toEqual([
      ['create', true],
      ['update', true],
      ['merge', true],
      ['conflict', true],
      ['delete', true],
      ['unchanged', false],
      ['keep', false],
      ['skip', false],
    ]);
    expect(buildReport([{ path: 'b', action: 'conflict', reason: '' }, { path: 'a', action: 'keep', reason: '' }, { path: 'c', action: 'conflict', reason: '' }]).conflicts).toEqual(['b', 'c']);
  });
});
