/**
 * The three-way pieces under the plan, each on its own: the rename detector (lib/reconcile/
 * renames.ts), the merge of one text file with `git merge-file` past the size limit
 * (merge.ts), and what counts as text, binary and CRLF (content.ts). The fast net of the
 * `reconcile-merge` mutation group; the plan's use of them is test/reconcile/plan.test.ts.
 */
import { existsSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { hasBom, inUserEncoding, looksBinary, normalizeContent, sameContent, toBuffer, toCrlf, toLf, usesCrlf, withoutBom } from '../../lib/reconcile/content.js';
import { DEFAULT_LABELS, mergeText } from '../../lib/reconcile/merge.js';
import { detectRenames, similarity } from '../../lib/reconcile/renames.js';
import { lines, tree } from './helpers.js';

const BASE = lines('import os', '', 'A = 1', 'B = 2', 'C = 3', 'D = 4', 'E = 5', 'F = 6');

describe('similarity: share of meaningful lines', () => {
  it('never counts tiny files as similar: fewer than three meaningful lines, on either side', () => {
    expect(similarity('x = 1\ny = 2\n', 'x = 1\nz = 3\n')).toBe(0);
    expect(similarity('x = 1\ny = 2\n', 'x = 1\ny = 2\nz = 3\n')).toBe(0);
    expect(similarity('x = 1\ny = 2\nz = 3\n', 'x = 1\ny = 2\n')).toBe(0);
    expect(similarity('x = 1\ny = 2\nw = 4\n', 'x = 1\ny = 2\nz = 3\n')).toBeCloseTo(2 / 3);
    expect(detectRenames(tree({ 'a/conf.py': 'x = 1\ny = 2\n' }), tree({ 'b/conf.py': 'x = 1\nz = 3\n' }))).toEqual(new Map());
  });

  it('calls blank files never similar, and identical files with content fully similar', () => {
    expect(similarity('', '')).toBe(0);
    expect(similarity('\n  \n', '\n  \n')).toBe(0);
    expect(similarity('\n  \n', 'a\n')).toBe(0);
    expect(similarity('a\n', '\n  \n')).toBe(0);
    expect(similarity('a\n', 'a\n')).toBe(1);
    expect(similarity('a\nb\nc\n', 'a\nb\nc\n')).toBe(1);
  });

  it('compares binaries by bytes only, never with text', () => {
    expect(similarity(Buffer.from([1]), Buffer.from([1]))).toBe(1);
    expect(similarity(Buffer.from([1]), Buffer.from([2]))).toBe(0);
    expect(similarity(Buffer.from([]), Buffer.from([]))).toBe(0);
    expect(similarity(Buffer.from([1]), 'a\n')).toBe(0);
    expect(similarity('a\nb\nc\n', Buffer.from('a\nb\nc\n'))).toBe(0);
    expect(similarity(Buffer.from('a\nb\nc\n'), 'a\nb\nc\n')).toBe(0);
  });

  it('counts each shared line once per occurrence, ignoring indentation and blank lines', () => {
    // 2 * common / (lines of a + lines of b)
    expect(similarity('a\nb\nc\nd\n', 'a\nb\nx\ny\n')).toBe(0.5);
    expect(similarity('a\nb\nc\n', 'a\nb\nc\nd\ne\n')).toBe(0.75);
    expect(similarity('x\nx\nx\ny\n', 'x\nz\nw\nv\n')).toBe(0.25);
    expect(similarity('x\ny\nz\n', 'x\nx\nx\n')).toBeCloseTo(1 / 3);
    expect(similarity('  x\ny  \n\n\nz\n', 'x\n  y\nz  \n')).toBe(1);
    expect(similarity('x\n\ny\nz\n', 'x\ny\nz\n')).toBe(1);
    expect(similarity('ab\ncd\nef\n', 'ab\ncd\ngh\n')).toBeCloseTo(2 / 3);
  });
});

describe('detectRenames: template renames as new path -> old path', () => {
  it('detects a rename by content only under the same file name', () => {
    expect(detectRenames(tree({ 'a/api.yaml': BASE }), tree({ 'b/worker.yaml': BASE }))).toEqual(new Map());
    expect(detectRenames(tree({ 'a/api.yaml': BASE }), tree({ 'b/api.yaml': BASE }))).toEqual(new Map([['b/api.yaml', 'a/api.yaml']]));
  });

  it('counts half the lines surviving as a rename, less as none', () => {
    const half = 'a\nb\nc\nd\n';
    expect(detectRenames(tree({ 'a/m.py': half }), tree({ 'b/m.py': 'a\nb\nx\ny\n' }))).toEqual(new Map([['b/m.py', 'a/m.py']]));
    expect(detectRenames(tree({ 'a/m.py': half }), tree({ 'b/m.py': 'a\nx\ny\nz\n' }))).toEqual(new Map());
  });

  it('keeps the best-scoring match and a declared rename first', () => {
    const near = BASE.replace('A = 1', 'A = 2');
    const far = BASE.replace('A = 1', 'A = 2').replace('B = 2', 'B = 3').replace('C = 3', 'C = 4');
    const renames = detectRenames(tree({ 'a/m.py': BASE, 'x/n.py': BASE }), tree({ 'b/m.py': far, 'c/m.py': near, 'y/n.py': BASE }), { 'x/n.py': 'y/n.py' });
    expect(renames).toEqual(new Map([['y/n.py', 'x/n.py'], ['c/m.py', 'a/m.py']]));
    // whichever order the candidates come in
    expect(detectRenames(tree({ 'a/m.py': BASE }), tree({ 'c/m.py': near, 'b/m.py': far }))).toEqual(new Map([['c/m.py', 'a/m.py']]));
  });

  it('gives one new file one old file, and one old file one new file', () => {
    const near = BASE.replace('A = 1', 'A = 2');
    expect(detectRenames(tree({ 'a/m.py': BASE, 'x/m.py': near }), tree({ 'b/m.py': BASE }))).toEqual(new Map([['b/m.py', 'a/m.py']]));
    expect(detectRenames(tree({ 'a/m.py': BASE }), tree({ 'b/m.py': BASE, 'c/m.py': near }))).toEqual(new Map([['b/m.py', 'a/m.py']]));
    // a declared rename's source is not detected again as the source of another new file
    expect(detectRenames(tree({ 'a/m.py': BASE }), tree({ 'b/n.py': BASE, 'c/m.py': BASE }), { 'a/m.py': 'b/n.py' })).toEqual(new Map([['b/n.py', 'a/m.py']]));
    // nor is a declared target given a detected source too
    expect(detectRenames(tree({ 'a/m.py': near, 'x/m.py': BASE }), tree({ 'b/m.py': BASE }), { 'a/m.py': 'b/m.py' })).toEqual(new Map([['b/m.py', 'a/m.py']]));
  });

  it('never detects a rename from a file the new render keeps, nor to a file the last render had', () => {
    expect(detectRenames(tree({ 'a/m.py': BASE }), tree({ 'a/m.py': BASE, 'b/m.py': BASE }))).toEqual(new Map());
    expect(detectRenames(tree({ 'a/m.py': BASE, 'x/m.py': BASE }), tree({ 'x/m.py': BASE }))).toEqual(new Map());
  });

  it('ignores a declared rename whose source survives or never was, or whose target existed or is not rendered', () => {
    expect(detectRenames(tree({ 'a.py': BASE }), tree({ 'a.py': BASE, 'b.py': BASE }), { 'a.py': 'b.py' })).toEqual(new Map());
    expect(detectRenames(tree({ 'a.py': BASE, 'b.py': BASE }), tree({ 'b.py': BASE }), { 'a.py': 'b.py' })).toEqual(new Map());
    expect(detectRenames(tree({ 'x.py': BASE }), tree({ 'b.py': 'other\n' }), { 'a.py': 'b.py' })).toEqual(new Map());
    expect(detectRenames(tree({ 'a.py': BASE }), tree({ 'c.py': 'other\n' }), { 'a.py': 'b.py' })).toEqual(new Map());
    expect(detectRenames(tree({ 'a.py': 'x\n' }), tree({ 'b.py': 'y\n' }), { 'a.py': 'b.py' })).toEqual(new Map([['b.py', 'a.py']]));
  });
});

describe('mergeText past the size limit: git merge-file', () => {
  // Three versions over 2 MB together go to `git merge-file` (lib/merge/index.ts).
  const big = Array.from({ length: 70_000 }, (_, i) => `line ${i}`);
  const edit = (changes: Record<number, string>) => big.map((line, i) => changes[i] ?? line).join('\n') + '\n';
  const base = edit({});
  // The scratch folders of the merges a test runs, as named when they appeared in the temp
  // folder (the real one: jest's process.env is a copy, so a test cannot move it).
  async function scratchFoldersOf<T>(run: () => Promise<T>): Promise<{ result: T; folders: string[] }> {
    const folders = new Set<string>();
    const watcher = watch(tmpdir(), (_event, name) => {
      if (name?.startsWith('djangoflow-merge-')) folders.add(name);
    });
    try {
      const result = await run();
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { result, folders: [...folders] };
    } finally {
      watcher.close();
    }
  }
  // The folders still there once they had time to go. Another jest worker's merges show up in
  // the watch too; theirs last well under a second, while a folder a merge leaks stays.
  async function leftOver(folders: string[]): Promise<string[]> {
    const present = () => folders.filter((name) => existsSync(join(tmpdir(), name)));
    for (let waited = 0; present().length && waited < 5000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return present();
  }

  it('merges edits to different lines cleanly in a scratch folder of the temp folder, and removes it', async () => {
    const { result, folders } = await scratchFoldersOf(() => mergeText('big.txt', base, edit({ 10: 'mine' }), edit({ 60_000: 'theirs' })));
    expect(result).toEqual({ text: edit({ 10: 'mine', 60_000: 'theirs' }), conflicts: 0, combined: [] });
    expect(folders.length).toBeGreaterThan(0);
    expect(await leftOver(folders)).toEqual([]);
  });

  it('counts each conflict and marks it zdiff3-style with the labels', async () => {
    const merged = await mergeText('big.txt', base, edit({ 10: 'mine', 50_000: 'mine too' }), edit({ 10: 'theirs', 50_000: 'theirs too' }), {
      ours: 'OURS',
      base: 'BASE',
      theirs: 'THEIRS',
    });
    expect(merged.conflicts).toBe(2);
    expect(merged.combined).toEqual([]);
    expect(merged.text).toContain('line 9\n<<<<<<< OURS\nmine\n||||||| BASE\nline 10\n=======\ntheirs\n>>>>>>> THEIRS\nline 11\n');
    expect(merged.text.split('\n')).toHaveLength(70_000 + 2 * 6 + 1);
  });

  it("counts up to 127 conflicts (git's exit code is the count)", async () => {
    const mine: Record<number, string> = {};
    const theirs: Record<number, string> = {};
    for (let k = 0; k < 127; k++) {
      mine[100 + k * 500] = `mine ${k}`;
      theirs[100 + k * 500] = `theirs ${k}`;
    }
    const merged = await mergeText('big.txt', base, edit(mine), edit(theirs));
    expect(merged.conflicts).toBe(127);
    expect(merged.text.split('\n<<<<<<< yours\n')).toHaveLength(128);
  });

  it('uses the default labels', async () => {
    const merged = await mergeText('big.txt', base, edit({ 10: 'mine' }), edit({ 10: 'theirs' }));
    expect(merged.conflicts).toBe(1);
    expect(merged.text).toContain('<<<<<<< yours\nmine\n||||||| base\nline 10\n=======\ntheirs\n>>>>>>> djangoflow\n');
    expect(DEFAULT_LABELS).toEqual({ ours: 'yours', base: 'base', theirs: 'djangoflow' });
  });

  it("fails with git's reason when git cannot merge (a NUL byte: binary)", async () => {
    const failing = mergeText('big.txt', base, edit({ 10: 'mi\0ne' }), edit({ 20: 'theirs' }));
    const { result, folders } = await scratchFoldersOf(() => failing.catch((error: Error) => error.message));
    expect(result).toMatch(/^git merge-file failed \(exit 255\): (error: )?Cannot merge binary files: ours$/);
    expect(folders.length).toBeGreaterThan(0);
    expect(await leftOver(folders)).toEqual([]);
  });
});

describe('content: text or binary, line endings', () => {
  it('tells binary (a NUL byte, invalid UTF-8) from text, and keeps one representation per kind', () => {
    expect(looksBinary('a\0b')).toBe(false); // a string is text by construction
    expect(looksBinary(Buffer.from('héllo\n', 'utf8'))).toBe(false);
    expect(looksBinary(Buffer.from([0x61, 0, 0x62]))).toBe(true);
    expect(looksBinary(Buffer.from([0x61, 0xc3, 0x28]))).toBe(true);
    expect(normalizeContent(Buffer.from('héllo\n', 'utf8'))).toBe('héllo\n');
    const binary = Buffer.from([0x89, 0xff, 0x00]);
    expect(normalizeContent(binary)).toBe(binary);
    expect(normalizeContent('text')).toBe('text');
    expect(toBuffer('é')).toEqual(Buffer.from([0xc3, 0xa9]));
    expect(toBuffer(binary)).toBe(binary);
    expect(sameContent('é', Buffer.from([0xc3, 0xa9]))).toBe(true);
    expect(sameContent('é', 'e')).toBe(false);
  });

  it('calls a file CRLF when at least half its line breaks are', () => {
    expect(usesCrlf('a\r\nb\n')).toBe(true);
    expect(usesCrlf('a\r\nb\nc\n')).toBe(false);
    expect(usesCrlf('a\r\nb\r\n')).toBe(true);
    expect(usesCrlf('a\nb\n')).toBe(false);
    expect(usesCrlf('a')).toBe(false);
    expect(usesCrlf('a\rb\r')).toBe(false);
    expect(toLf('a\r\nb\r\nc\n')).toBe('a\nb\nc\n');
    expect(toLf('a\rb\r\n')).toBe('a\rb\n');
    expect(toCrlf('a\r\nb\nc')).toBe('a\r\nb\r\nc');
    expect(toCrlf('a\rb\n')).toBe('a\rb\r\n');
  });

  it("finds a byte order mark first only, takes it off once, and writes text in the user's encoding", () => {
    expect([hasBom('\uFEFFa'), hasBom('a\uFEFF'), hasBom(''), hasBom('a')]).toEqual([true, false, false, false]);
    expect([withoutBom('\uFEFFa\n'), withoutBom('\uFEFF\uFEFFa'), withoutBom('a\uFEFF'), withoutBom('')]).toEqual(['a\n', '\uFEFFa', 'a\uFEFF', '']);
    expect(inUserEncoding('a\nb\n', false, false)).toBe('a\nb\n');
    expect(inUserEncoding('a\nb\n', true, false)).toBe('a\r\nb\r\n');
    expect(inUserEncoding('a\nb\n', false, true)).toBe('\uFEFFa\nb\n');
    expect(inUserEncoding('a\nb\n', true, true)).toBe('\uFEFFa\r\nb\r\n');
    // Text that has the mark already is not given a second.
    expect(inUserEncoding('\uFEFFa\n', false, true)).toBe('\uFEFFa\n');
  });
});
