/**
 * The plan's rules at their edges, each pinned by what it decides: binaries (renamed,
 * without a base, against text), line endings inside one file, the formatter's second
 * merge, what a merge combined, trees given as bytes, links on the way, and a file the
 * template turns into a folder. Part of the fast net of the `reconcile-plan` mutation
 * group with test/reconcile/plan.test.ts.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { planReconcile, type FileTree, type ReconcileReport } from '../../lib/reconcile/index.js';
import type { FileDecision } from '../../lib/reconcile/types.js';
import { lines, makeProject, readTree, removeProjects, tree } from './helpers.js';

afterEach(removeProjects);

const BASE = lines('import os', '', 'A = 1', 'B = 2', 'C = 3', 'D = 4', 'E = 5', 'F = 6');
const edit = (...pairs: string[]) => {
  let text = BASE;
  for (let i = 0; i < pairs.length; i += 2) text = text.replace(pairs[i]!, pairs[i + 1]!);
  return text;
};
const bin = (...bytes: number[]) => Buffer.from([0, ...bytes]);
const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const both = 'you and the template both changed it';

async function plan(ours: Record<string, string | Buffer>, base: FileTree | null, theirs: FileTree, extra: Partial<Parameters<typeof planReconcile>[0]> = {}): Promise<ReconcileReport> {
  const dir = makeProject(ours);
  return planReconcile({ projectDir: dir, base, theirs, ...extra });
}

const byPath = (report: ReconcileReport) => Object.fromEntries(report.decisions.map((d) => [d.path, d]));
const summary = (report: ReconcileReport) => report.decisions.map((d) => `${d.action} ${d.path}${d.from ? ` (from ${d.from})` : ''}: ${d.reason}`);

describe('planReconcile: binaries', () => {
  it('moves an untouched binary, or one already like the new render, with a rename', async () => {
    const report = await plan(
      { 'u/a.png': bin(1), 'n/a.png': bin(2) },
      tree({ 'u/a.png': bin(1), 'n/a.png': bin(1) }),
      tree({ 'u/b.png': bin(2), 'n/b.png': bin(2) }),
      { renames: { 'u/a.png': 'u/b.png', 'n/a.png': 'n/b.png' } },
    );
    expect(summary(report)).toEqual([
      'delete n/a.png: renamed to n/b.png by the template; your edits moved with it',
      'create n/b.png (from n/a.png): renamed from n/a.png by the template; your edits moved with it',
      'delete u/a.png: renamed to u/b.png by the template',
      'create u/b.png (from u/a.png): renamed from u/a.png by the template',
    ]);
    expect(byPath(report)['u/b.png']!.content).toEqual(bin(2));
    expect(byPath(report)['n/b.png']!.content).toEqual(bin(2));
  });

  it('compares a binary the user already had without a base, and never merges text against binary', async () => {
    const report = await plan(
      { 'same.bin': bin(2), 'mine.bin': bin(3), 'to-bin.txt': 'mine\n', 'from-bin.txt': 'mine\n', 'to-text.bin': bin(3) },
      tree({ 'to-bin.txt': 'text\n', 'from-bin.txt': bin(1), 'to-text.bin': 'text\n' }),
      tree({ 'same.bin': bin(2), 'mine.bin': bin(2), 'to-bin.txt': bin(2), 'from-bin.txt': 'new\n', 'to-text.bin': 'new\n' }),
    );
    const beside = (path: string) => `conflict ${path}: binary file changed by you and by the template: the new version is in ${path}.djangoflow-new`;
    expect(summary(report)).toEqual([beside('from-bin.txt'), beside('mine.bin'), 'unchanged same.bin: up to date', beside('to-bin.txt'), beside('to-text.bin')]);
    expect(byPath(report)['mine.bin']).toMatchObject({ content: bin(2), sidecar: 'mine.bin.djangoflow-new', stages: { base: undefined, ours: bin(3), theirs: bin(2) } });
    expect(byPath(report)['from-bin.txt']).toMatchObject({ content: 'new\n', stages: { base: bin(1), ours: 'mine\n', theirs: 'new\n' } });
  });

  it('deletes a dropped binary only when untouched', async () => {
    const report = await plan({ 'u.bin': bin(1), 'e.bin': bin(3), 't.txt': bin(3) }, tree({ 'u.bin': bin(1), 'e.bin': bin(1), 't.txt': 'text\n' }), tree({}));
    expect(summary(report)).toEqual([
      'keep e.bin: removed from template, kept because you edited it',
      'keep t.txt: removed from template, kept because you edited it',
      'delete u.bin: removed from the template',
    ]);
  });
});

describe('planReconcile: line endings and text given as bytes', () => {
  it('keeps the CR of the lines a user ended with CRLF in an LF file', async () => {
    const ours = edit('A = 1\n', 'A = 100\r\n');
    const report = await plan({ 's.py': ours }, tree({ 's.py': BASE }), tree({ 's.py': edit('F = 6', 'F = 60') }));
    expect(byPath(report)['s.py']).toMatchObject({ action: 'merge', content: edit('A = 1\n', 'A = 100\r\n', 'F = 6', 'F = 60') });
  });

  it('deletes a dropped CRLF copy of the base, and carries a CRLF file renamed as it is', async () => {
    const report = await plan(
      { 'gone.py': crlf(BASE), 'old/a.py': crlf(BASE) },
      tree({ 'gone.py': BASE, 'old/a.py': BASE }),
      tree({ 'new/a.py': BASE }),
      { renames: { 'old/a.py': 'new/a.py' } },
    );
    expect(summary(report)).toEqual([
      'delete gone.py: removed from the template',
      'create new/a.py (from old/a.py): renamed from old/a.py by the template',
      'delete old/a.py: renamed to new/a.py by the template',
    ]);
    expect(byPath(report)['new/a.py']!.content).toBe(crlf(BASE));
  });

  it('reads trees given as bytes as text when they are text', async () => {
    const report = await plan({ 's.txt': edit('A = 1', 'A = 2') }, tree({ 's.txt': Buffer.from(BASE) }), tree({ 's.txt': Buffer.from(edit('F = 6', 'F = 7')) }));
    expect(byPath(report)['s.txt']).toEqual({ path: 's.txt', action: 'merge', reason: `${both}; merged`, content: edit('A = 1', 'A = 2', 'F = 6', 'F = 7') });
  });
});

describe('planReconcile: merges and the formatter', () => {
  const singleSpaces = async (_path: string, text: string) => text.replace(/ {2,}/g, ' ');
  const spaced = (text: string) => text.replace(/ = /g, '  =  ');

  it('says what a merge combined, and nothing when it combined nothing', async () => {
    const report = await plan(
      { 'c.py': edit('B = 2\n', 'B = 2\nX = 1\n'), 'm.txt': edit('A = 1', 'A = 2') },
      tree({ 'c.py': BASE, 'm.txt': BASE }),
      tree({ 'c.py': edit('B = 2\n', 'B = 2\nY = 2\n'), 'm.txt': edit('F = 6', 'F = 7') }),
    );
    expect(byPath(report)['c.py']).toEqual({
      path: 'c.py',
      action: 'merge',
      reason: `${both}; merged`,
      content: edit('B = 2\n', 'B = 2\nY = 2\nX = 1\n'),
      combined: ["your = X with the template's = Y"],
    });
    expect(byPath(report)['m.txt']).toEqual({ path: 'm.txt', action: 'merge', reason: `${both}; merged`, content: edit('A = 1', 'A = 2', 'F = 6', 'F = 7') });
  });

  it('keeps the first merge when formatting the file does not lessen its conflicts', async () => {
    const ours = spaced(edit('C = 3', 'C = "mine"'));
    const report = await plan({ 's.py': ours }, tree({ 's.py': BASE }), tree({ 's.py': edit('C = 3', 'C = 4') }), { format: singleSpaces });
    const decision = byPath(report)['s.py']!;
    expect(decision.reason).toBe(`${both}; 1 conflict marked in the file`);
    expect(decision.content).toContain('A  =  1\n');
  });

  it('formats only files both sides changed: a conflict (yours, to merge again), a clean merge (yours, then the result)', async () => {
    const formatted: string[] = [];
    const spy = async (path: string, text: string) => {
      formatted.push(path);
      return text;
    };
    await plan(
      { 'clean.py': edit('A = 1', 'A = 2'), 'clash.py': edit('C = 3', 'C = "mine"'), 'untouched.py': BASE, 'edited.py': edit('A = 1', 'A = 2') },
      tree({ 'clean.py': BASE, 'clash.py': BASE, 'untouched.py': BASE, 'edited.py': BASE }),
      tree({ 'clean.py': edit('F = 6', 'F = 7'), 'clash.py': edit('C = 3', 'C = 4'), 'untouched.py': edit('F = 6', 'F = 7'), 'edited.py': BASE }),
      { format: spy },
    );
    expect(formatted.sort()).toEqual(['clash.py', 'clean.py', 'clean.py']);
  });

  it("compares a formatter's output in LF", async () => {
    const crlfFormatter = async (_path: string, text: string) => crlf(text.replace(/ {2,}/g, ' '));
    const report = await plan(
      { 'gone.py': spaced(BASE), 's.py': spaced(BASE) },
      tree({ 'gone.py': BASE, 's.py': BASE }),
      tree({ 's.py': edit('C = 3', 'C = 4') }),
      { format: crlfFormatter },
    );
    expect(summary(report)).toEqual(['delete gone.py: removed from the template', 'update s.py: your changes were formatting only']);
  });
});

describe('planReconcile: links on the way and files becoming folders', () => {
  const linkMessage = (path: string) =>
    `${path} is a symbolic link; djangoflow never reads or writes through links (it could reach outside the project): replace it with a regular file, then run again`;

  it('refuses a linked file at a path of either render before reading it', async () => {
    for (const [base, theirs] of [
      [tree({ 'a.py': BASE }), tree({ 'a.py': BASE })],
      [tree({ 'a.py': BASE }), tree({})],
      [null, tree({ 'a.py': BASE })],
    ] as const) {
      const dir = makeProject({ 'target.py': BASE });
      symlinkSync(join(dir, 'target.py'), join(dir, 'a.py'));
      await expect(planReconcile({ projectDir: dir, base, theirs })).rejects.toThrow(linkMessage('a.py'));
    }
  });

  it('refuses a linked sidecar before writing the new version of a binary', async () => {
    const dir = makeProject({ 'x.bin': bin(3), 'elsewhere.bin': bin(9) });
    symlinkSync(join(dir, 'elsewhere.bin'), join(dir, 'x.bin.djangoflow-new'));
    await expect(planReconcile({ projectDir: dir, base: tree({ 'x.bin': bin(1) }), theirs: tree({ 'x.bin': bin(2) }) })).rejects.toThrow(
      linkMessage('x.bin.djangoflow-new'),
    );
  });

  it('names the first new file inside the folder an edited file is in the way of', async () => {
    const dir = makeProject({ 'tools/build': 'echo mine\n' });
    const theirs = tree({ 'a.py': 'a\n', 'tools/builder/x': 'x\n', 'tools/build/run': 'echo 2\n' });
    await expect(planReconcile({ projectDir: dir, base: tree({ 'tools/build': 'echo 1\n' }), theirs })).rejects.toThrow(
      'tools/build: you edited this file, and the template now has a folder there (tools/build/run); move your file away',
    );
    expect(readTree(dir)).toEqual({ 'tools/build': 'echo mine\n' });
  });

  it("refuses a user's own file where the template now has a folder", async () => {
    const dir = makeProject({ docs: 'my notes\n' });
    await expect(planReconcile({ projectDir: dir, base: tree({ 'a.py': BASE }), theirs: tree({ 'a.py': BASE, 'docs/index.md': '# docs\n' }) })).rejects.toThrow(
      'docs is a file, but the template has a folder there: move it away, then run again',
    );
  });

  it('lets a file renamed away make room for the folder that replaces it', async () => {
    const report = await plan(
      { 'tools/build': 'echo mine\n' },
      tree({ 'tools/build': 'echo 1\n' }),
      tree({ 'tools/build.sh': 'echo 1\n', 'tools/build/run': 'echo 2\n' }),
      { renames: { 'tools/build': 'tools/build.sh' } },
    );
    expect(report.decisions.map((d: FileDecision) => [d.action, d.path])).toEqual([
      ['delete', 'tools/build'],
      ['create', 'tools/build.sh'],
      ['create', 'tools/build/run'],
    ]);
    expect(byPath(report)['tools/build.sh']!.content).toBe('echo mine\n');
  });
});
