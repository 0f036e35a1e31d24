/**
 * The store's rules, beside store.test.ts's round trips: the ref name of a project in a
 * subfolder, the record's fingerprint and trailers, which render is the base (history.ts),
 * the JSON store's format and refusals (fallback-store.ts), git's one-line errors and the
 * repository search (git.ts). Each asserts the exact name, message or commit.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { loadFallback, removeFallback, writeFallbackTemp } from '../../lib/reconcile/fallback-store.js';
import { findGitRepo, gitFailure } from '../../lib/reconcile/git.js';
import { findBaseCommit, recordFingerprint, renderHistory, renderTrailers, userHead } from '../../lib/reconcile/history.js';
import { PRISTINE_REF, pristineRefFor } from '../../lib/reconcile/store.js';
import { git, makeProject, removeProjects, tree, writeFiles } from './helpers.js';

afterEach(() => {
  removeProjects();
  delete process.env.DJANGOFLOW_FAULT;
});

describe('pristineRefFor', () => {
  const refOf = (prefix: string) => pristineRefFor({ root: '/r', prefix });

  it('the top of the repository keeps the plain ref; a subfolder gets its own, as git accepts it', () => {
    expect(refOf('')).toBe(PRISTINE_REF);
    expect(PRISTINE_REF).toBe('refs/djangoflow/pristine');
    expect(refOf('services/shop/')).toBe('refs/djangoflow/projects/services/shop/pristine');
    expect(refOf('v1.2/my_app-x/')).toBe('refs/djangoflow/projects/v1.2/my_app-x/pristine');
    expect(refOf('a@b/')).toBe('refs/djangoflow/projects/a@b/pristine');
    expect(refOf('ünï/')).toBe('refs/djangoflow/projects/ünï/pristine');
  });

  const ESCAPED = [
    ['my app', 'my%20app'],
    ['.hidden', '%2Ehidden'],
    ['x.lock', 'x%2Elock'],
    ['a..b', 'a%2E%2Eb'],
    ['end.', 'end%2E'],
    ['@', '%40'],
    ['a@{b', 'a%40%7Bb'],
    ['t~1', 't%7E1'],
    ['c^2', 'c%5E2'],
    ['k:v', 'k%3Av'],
    ['q?', 'q%3F'],
    ['s*', 's%2A'],
    ['[b', '%5Bb'],
    ['back\\slash', 'back%5Cslash'],
    ['100%', '100%25'],
    ['tab\there', 'tab%09here'],
    ['del\x7f', 'del%7F'],
  ] as const;

  it.each(ESCAPED)('escapes a folder named %j as %s, leaving the other folders as they are', (segment, escaped) => {
    expect(refOf(`ok/${segment}/`)).toBe(`refs/djangoflow/projects/ok/${escaped}/pristine`);
  });

  it('git takes every one of those refs', () => {
    const dir = makeProject();
    git(dir, 'init', '-q');
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'x');
    const refs = [...ESCAPED.map(([segment]) => refOf(`ok/${segment}/`)), refOf('ünï/v1.2/')];
    execFileSync('git', ['update-ref', '--stdin'], { cwd: dir, input: refs.map((ref) => `create ${ref} HEAD\n`).join('') });
    expect(git(dir, 'for-each-ref', '--format=%(refname)', 'refs/djangoflow/').trim().split('\n').sort()).toEqual(refs.sort());
  });
});

describe('history.ts', () => {
  it('the record\'s fingerprint: 16 hex digits of its SHA-1, line endings and surrounding space not counted; "none" without one', () => {
    const expected = createHash('sha1').update('{"a": 1}').digest('hex').slice(0, 16);
    expect(recordFingerprint('{"a": 1}')).toBe(expected);
    expect(recordFingerprint('  {"a": 1}\r\n')).toBe(expected);
    expect(recordFingerprint(Buffer.from('{"a": 1}\n'))).toBe(expected);
    expect(recordFingerprint('{\r\n"a": 1}')).toBe(recordFingerprint('{\n"a": 1}'));
    expect(recordFingerprint('{"a": 2}')).not.toBe(expected);
    expect(recordFingerprint(undefined)).toBe('none');
  });

  it('the trailers name the user\'s HEAD ("none" before the first commit) and the record', () => {
    expect(renderTrailers('abc', 'f00')).toBe('\n\nDjangoflow-Head: abc\nDjangoflow-Record: f00\n');
    expect(renderTrailers(null, 'f00')).toBe('\n\nDjangoflow-Head: none\nDjangoflow-Record: f00\n');
  });

  /** A repository whose HEAD has two commits (c1, c2), and a side commit (s) not in it. */
  function repoWithHistory() {
    const dir = makeProject({ 'a.txt': '1\n' });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'c1');
    const c1 = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'checkout', '-q', '-b', 'side');
    git(dir, 'commit', '-q', '--allow-empty', '-m', 's');
    const s = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'c2');
    const c2 = git(dir, 'rev-parse', 'HEAD').trim();
    const emptyTree = git(dir, 'hash-object', '-t', 'tree', '-w', '/dev/null').trim();
    let parent: string | null = null;
    /** Adds a render to `ref` (oldest first) with the given message body. */
    const render = (ref: string, body: string): string => {
      const args = ['commit-tree', emptyTree, '-m', body, ...(parent ? ['-p', parent] : [])];
      parent = git(dir, ...args).trim();
      git(dir, 'update-ref', ref, parent);
      return parent;
    };
    const reset = () => {
      parent = null;
    };
    return { dir, c1, c2, s, render, reset };
  }
  const body = (head: string, record: string) => `render${renderTrailers(head, record)}`;

  it('renderHistory lists the renders newest first with their trailers; none for a missing ref; a refused repository is an error', async () => {
    const { dir, c1, render } = repoWithHistory();
    expect(await renderHistory(dir, 'refs/djangoflow/pristine')).toEqual([]);
    const old = render('refs/djangoflow/pristine', 'a render before trailers\n\nX-Djangoflow-Head: abc');
    const next = render('refs/djangoflow/pristine', `${body(c1, 'r1')}\nDjangoflow-Record: second`);
    expect(await renderHistory(dir, 'refs/djangoflow/pristine')).toEqual([
      { oid: next, head: c1, record: 'r1' },
      { oid: old, head: undefined, record: undefined },
    ]);
    const notRepo = makeProject();
    await expect(renderHistory(notRepo, 'refs/djangoflow/pristine')).rejects.toThrow(/^git log failed: not a git repository/);
  });

  it('userHead is the HEAD commit, null before the first commit', async () => {
    const { dir, c2 } = repoWithHistory();
    expect(await userHead(dir)).toBe(c2);
    const empty = makeProject();
    git(empty, 'init', '-q');
    expect(await userHead(empty)).toBeNull();
  });

  it('findBaseCommit: the newest render of the record on the user\'s history, else the newest of the record, else null', async () => {
    const { dir, c1, s, render } = repoWithHistory();
    const ref = 'refs/djangoflow/pristine';
    const onHistory = render(ref, body(c1, 'A'));
    render(ref, body(c1, 'B'));
    const offHistory = render(ref, body(s, 'A'));
    expect(await findBaseCommit(dir, ref, 'A')).toBe(onHistory);
    expect(await findBaseCommit(dir, ref, 'B')).not.toBeNull();
    expect(await findBaseCommit(dir, ref, 'C')).toBeNull();
    git(dir, 'checkout', '-q', 'side'); // now the side commit is in HEAD's history
    expect(await findBaseCommit(dir, ref, 'A')).toBe(offHistory);
  });

  it('findBaseCommit: a render on no history of the user\'s is still the newest of its record; "none" HEAD matches any', async () => {
    const { dir, s, c2, render } = repoWithHistory();
    const ref = 'refs/djangoflow/pristine';
    const older = render(ref, body(s, 'A'));
    const newer = render(ref, body(s, 'A'));
    expect(await findBaseCommit(dir, ref, 'A')).toBe(newer);
    expect(older).not.toBe(newer);
    const none = render(ref, body('none' as string, 'A'));
    render(ref, body(c2, 'B'));
    expect(await findBaseCommit(dir, ref, 'A')).toBe(none);
  });

  it('findBaseCommit: a render of the record written before any commit ("none") or without a HEAD trailer beats an older render off the user\'s history', async () => {
    const { dir, s, render } = repoWithHistory();
    const ref = 'refs/djangoflow/pristine';
    const beforeCommits = render(ref, body('none', 'A'));
    render(ref, body(s, 'A'));
    expect(await findBaseCommit(dir, ref, 'A')).toBe(beforeCommits);
    const noHead = render(ref, 'render\n\nDjangoflow-Record: A\n');
    render(ref, body(s, 'A'));
    expect(await findBaseCommit(dir, ref, 'A')).toBe(noHead);
  });

  it('findBaseCommit: a render from before trailers matches any record, after the newest of the record', async () => {
    const { dir, s, render } = repoWithHistory();
    const ref = 'refs/djangoflow/pristine';
    const untagged = render(ref, 'an old render without trailers');
    expect(await findBaseCommit(dir, ref, 'Z')).toBe(untagged);
    const offHistory = render(ref, body(s, 'A'));
    expect(await findBaseCommit(dir, ref, 'A')).toBe(offHistory);
    expect(await findBaseCommit(dir, ref, 'Q')).toBe(untagged);
  });
});

describe('fallback-store.ts', () => {
  it('writes sorted files, text as text and binaries as base64, with its record, as one indented JSON file beside its name', async () => {
    const dir = makeProject();
    const { temp, file } = await writeFallbackTemp(dir, tree({ 'z.txt': 'z\r\n', 'a.bin': Buffer.from([0, 255, 10]), 'm.py': Buffer.from('m = 1\n') }), 'f00');
    expect(file).toBe(join(dir, '.djangoflow/pristine.json'));
    expect(temp).toBe(`${file}.tmp-${process.pid}`);
    const text = readFileSync(temp, 'utf8');
    expect(text).toBe(
      '{\n "format": 1,\n "record": "f00",\n "files": {\n  "a.bin": {\n   "base64": "AP8K"\n  },\n  "m.py": {\n   "text": "m = 1\\n"\n  },\n  "z.txt": {\n   "text": "z\\r\\n"\n  }\n }\n}\n',
    );
  });

  it('a write that fails on a full disk leaves no temp file', async () => {
    const dir = makeProject({ '.djangoflow/keep': '' });
    process.env.DJANGOFLOW_FAULT = 'full-disk:30';
    let failures = 0;
    for (let i = 0; i < 30; i++) {
      const written = await writeFallbackTemp(dir, tree({ 'a.py': 'a\n' }), 'r').catch((error: NodeJS.ErrnoException) => error);
      if (written instanceof Error) {
        failures++;
        expect(written).toMatchObject({ code: 'ENOSPC' });
        expect(readdirSync(join(dir, '.djangoflow'))).toEqual(['keep']);
      } else {
        expect(readdirSync(join(dir, '.djangoflow')).sort()).toEqual(['keep', `pristine.json.tmp-${process.pid}`]);
      }
    }
    expect(failures).toBe(1);
  });

  it('reads its files back with the record; a store without a record (an older one) has none', async () => {
    const dir = makeProject({ '.djangoflow/pristine.json': JSON.stringify({ format: 1, files: { 'a.py': { text: 'a\n' }, 'b.bin': { base64: 'AP8=' } } }) });
    expect(await loadFallback(dir)).toEqual({ tree: tree({ 'a.py': 'a\n', 'b.bin': Buffer.from([0, 255]) }), record: undefined });
    writeFiles(dir, { '.djangoflow/pristine.json': JSON.stringify({ format: 1, record: 42, files: {} }) });
    expect(await loadFallback(dir)).toEqual({ tree: new Map(), record: undefined });
    writeFiles(dir, { '.djangoflow/pristine.json': JSON.stringify({ format: 1, record: 'abc', files: {} }) });
    expect((await loadFallback(dir))?.record).toBe('abc');
    expect(await loadFallback(makeProject())).toBeNull();
  });

  it('refuses a store it cannot read, naming it and what to do', async () => {
    const unknown = '.djangoflow/pristine.json has an unknown format';
    for (const store of [{ format: 2, files: {} }, { format: 1 }, { format: 1, files: null }, { format: 1, files: 'x' }]) {
      await expect(loadFallback(makeProject({ '.djangoflow/pristine.json': JSON.stringify(store) }))).rejects.toThrow(unknown);
    }
    await expect(loadFallback(makeProject({ '.djangoflow/pristine.json': '{' }))).rejects.toThrow(
      '.djangoflow/pristine.json is corrupt (not JSON); restore it or delete it to reconcile against an empty base',
    );
    const folder = makeProject();
    mkdirSync(join(folder, '.djangoflow/pristine.json'), { recursive: true });
    await expect(loadFallback(folder)).rejects.toThrow('.djangoflow/pristine.json is a directory in your project');
    const linked = makeProject({ 'elsewhere/pristine.json': JSON.stringify({ format: 1, files: {} }) });
    symlinkSync(join(linked, 'elsewhere'), join(linked, '.djangoflow'));
    await expect(loadFallback(linked)).rejects.toThrow('.djangoflow/ is a symbolic link');
  });

  it('removeFallback removes the store, and its folder only when nothing else is in it', async () => {
    const shared = makeProject({ '.djangoflow/pristine.json': '{}', '.djangoflow/lock': '' });
    await removeFallback(shared);
    expect(readdirSync(join(shared, '.djangoflow'))).toEqual(['lock']);
    const alone = makeProject({ '.djangoflow/pristine.json': '{}' });
    await removeFallback(alone);
    expect(readdirSync(alone)).toEqual([]);
    await removeFallback(alone); // nothing there: quiet
  });
});

describe('git.ts', () => {
  it('a failure is one line: git\'s first, without "fatal:" or "error:", named by the subcommand', () => {
    const failure = (args: string[], stderr: string, code = 128) => gitFailure(args, { code, stdout: Buffer.alloc(0), stderr }).message;
    expect(failure(['-c', 'a.b=c', 'log'], 'fatal: bad object\nmore\n')).toBe('git log failed: bad object');
    expect(failure(['log'], 'warning: fatal: odd\n')).toBe('git log failed: warning: fatal: odd');
    expect(failure(['log'], '  \n')).toBe('git log failed: exit 128');
    expect(failure(['--git-dir=x', 'user.name=y', 'show'], 'error: gone')).toBe('git show failed: gone');
    expect(gitFailure(['log'], { code: 3, stdout: Buffer.alloc(0), stderr: '' })).toMatchObject({ name: 'UserError' });
  });

  it('GIT_CEILING_DIRECTORIES is asked of git: a repository above the ceiling is not the project\'s', async () => {
    const root = makeProject({ 'a/b/keep.txt': 'x\n' });
    git(root, 'init', '-q');
    const saved = process.env.GIT_CEILING_DIRECTORIES;
    process.env.GIT_CEILING_DIRECTORIES = realpathSync(root);
    try {
      expect(await findGitRepo(join(root, 'a/b'))).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = saved;
    }
    expect(await findGitRepo(join(root, 'a/b'))).toEqual({ root: realpathSync(root), prefix: 'a/b/' });
  });

  it('a .git that is neither a repository folder nor a gitfile git accepts is no repository', async () => {
    const root = makeProject({ '.git/not-head': '', 'a/keep.txt': '' });
    expect(await findGitRepo(join(root, 'a'))).toBeNull();
  });
});
