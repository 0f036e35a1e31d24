/**
 * What the store asks of git and what it leaves in the repository (lib/reconcile/store.ts):
 * a base read takes from git only the files that differ from the work tree, a save writes
 * only changed files and reuses the others' blobs, a save is a new commit exactly when the
 * files or the record changed, a moved project finds its base, a ref moved by someone else
 * is never overwritten, an ordinary repository and a render of today's HEAD need no git
 * process. git runs for real; its calls are recorded on the way (node:child_process).
 */
import type * as ChildProcess from 'node:child_process';
import { existsSync, readFileSync, realpathSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { git, initRepo, makeProject, removeProjects, tree, writeFiles } from './helpers.js';

interface Call {
  args: string[];
  input: string;
}
const calls: Call[] = [];

jest.unstable_mockModule('node:child_process', () => {
  const actual = jest.requireActual<typeof ChildProcess>('node:child_process');
  const spawn = (command: string, args: string[], options: ChildProcess.SpawnOptions) => {
    const child = actual.spawn(command, args, options);
    const call: Call = { args, input: '' };
    if (command === 'git') calls.push(call);
    const stdin = child.stdin!;
    const end = stdin.end.bind(stdin) as (data?: string | Buffer) => void;
    stdin.end = ((data?: string | Buffer) => {
      call.input = Buffer.from(data ?? '').toString('latin1');
      return end(data);
    }) as typeof stdin.end;
    return child;
  };
  return { ...actual, default: { ...actual, spawn }, spawn };
});

const { commitPristine, discardPristine, loadPristine, loadRenderOf, loadStoredBeforeGit, preparePristine, PRISTINE_REF, savePristine } = await import('../../lib/reconcile/store.js');
const { recordFingerprint } = await import('../../lib/reconcile/history.js');
const { findGitRepo } = await import('../../lib/reconcile/git.js');

beforeEach(() => {
  calls.length = 0;
});
afterEach(removeProjects);

/** The recorded git calls whose subcommand is `name`. */
const called = (name: string) => calls.filter((call) => call.args.find((arg) => !arg.startsWith('-') && !arg.includes('=')) === name);
const log = (dir: string, ref = PRISTINE_REF) => git(dir, 'log', '--format=%s', ref).trim().split('\n');

describe('reading a base', () => {
  it('takes from git only the files the work tree does not hold as they are, once per commit', async () => {
    const dir = makeProject();
    initRepo(dir);
    const base = tree({ 'same.py': 'same\n', 'edited.py': 'base\n', 'gone.py': 'gone\n', 'bin.dat': Buffer.from([0, 10, 255, 10]) });
    await savePristine(dir, base);
    writeFiles(dir, { 'same.py': 'same\n', 'edited.py': 'mine\n', 'bin.dat': Buffer.from([0, 10, 255, 10]) });
    calls.length = 0;
    expect(await loadPristine(dir)).toEqual(base);
    const wanted = called('cat-file').map((call) => call.input.trim().split('\n').sort());
    const oid = (path: string) => git(dir, 'rev-parse', `${PRISTINE_REF}:${path}`).trim();
    expect(wanted).toEqual([[oid('edited.py'), oid('gone.py')].sort()]);
    calls.length = 0;
    expect(await loadPristine(dir)).toEqual(base);
    expect(called('ls-tree')).toEqual([]); // the same commit is read once per process
    expect(called('cat-file')).toEqual([]);
  });

  it('asks git for nothing when every file is on disk as stored, in a SHA-256 repository too', async () => {
    for (const format of ['sha1', 'sha256']) {
      const dir = makeProject({ 'a.py': 'a\n', 'b.txt': 'b\n' });
      git(dir, 'init', '-q', `--object-format=${format}`);
      const base = tree({ 'a.py': 'a\n', 'b.txt': 'b\n' });
      await savePristine(dir, base);
      calls.length = 0;
      expect(await loadPristine(dir)).toEqual(base);
      expect([format, called('cat-file')]).toEqual([format, []]);
    }
  });
});

describe('what needs no git at all', () => {
  it('an ordinary repository is found from a subfolder by its .git folder, without running git', async () => {
    const root = makeProject({ 'a/b/keep': '' });
    initRepo(root);
    calls.length = 0;
    expect(await findGitRepo(join(root, 'a/b'))).toEqual({ root: realpathSync(root), prefix: 'a/b/' });
    expect(calls).toEqual([]);
  });

  it('a render written on the HEAD checked out now is the base without asking git whether one contains the other', async () => {
    const dir = makeProject({ '.yo-rc.json': '{"a": 1}\n' });
    initRepo(dir);
    await savePristine(dir, tree({ 'a.py': 'a\n' }));
    calls.length = 0;
    expect(await loadRenderOf(dir, '{"a": 1}\n')).toEqual(tree({ 'a.py': 'a\n' }));
    expect(called('merge-base')).toEqual([]);
  });
});

describe('saving a base', () => {
  it('writes the changed files, reuses the blobs of the others, as djangoflow, on the user\'s HEAD and record', async () => {
    const dir = makeProject({ '.yo-rc.json': '{"a": 1}\n' });
    initRepo(dir);
    await savePristine(dir, tree({ 'keep.py': 'keep\n', 'edit.py': 'one\n' }));
    calls.length = 0;
    await savePristine(dir, tree({ 'keep.py': 'keep\n', 'edit.py': 'two\n', 'new\nline.md': 'n\n' }), 'second');
    const [imported] = called('fast-import');
    const keepOid = git(dir, 'rev-parse', `${PRISTINE_REF}~1:keep.py`).trim();
    expect(imported!.input).toContain(`M 100644 ${keepOid} "keep.py"\n`);
    expect(imported!.input).toContain('M 100644 inline "edit.py"\ndata 4\ntwo\n');
    expect(imported!.input).toContain('M 100644 inline "new\\nline.md"\n');
    expect(await loadPristine(dir)).toEqual(tree({ 'keep.py': 'keep\n', 'edit.py': 'two\n', 'new\nline.md': 'n\n' }));
    expect(git(dir, 'log', '-1', '--format=%cn <%ce>', PRISTINE_REF).trim()).toBe('djangoflow <djangoflow@localhost>');
    const head = git(dir, 'rev-parse', 'HEAD').trim();
    expect(git(dir, 'log', '-1', '--format=%B', PRISTINE_REF).trim()).toBe(`second\n\nDjangoflow-Head: ${head}\nDjangoflow-Record: ${recordFingerprint('{"a": 1}')}`);
    expect(git(dir, 'for-each-ref', 'refs/djangoflow-pending/')).toBe('');
  });

  it('a new commit when only a file was removed, or only the record changed; none when neither', async () => {
    const dir = makeProject({ '.yo-rc.json': '{"a": 1}\n' });
    initRepo(dir);
    await savePristine(dir, tree({ 'a.py': 'a\n', 'b.py': 'b\n' }), 'both');
    await savePristine(dir, tree({ 'a.py': 'a\n' }), 'b removed');
    expect(log(dir)).toEqual(['b removed', 'both']);
    await savePristine(dir, tree({ 'a.py': 'a\n' }), 'same files and record');
    writeFiles(dir, { '.yo-rc.json': '{"a": 2}\n' });
    await savePristine(dir, tree({ 'a.py': 'a\n' }), 'record changed');
    expect(log(dir)).toEqual(['record changed', 'b removed', 'both']);
    expect(await loadRenderOf(dir, '{"a": 1}\n')).toEqual(tree({ 'a.py': 'a\n' }));
  });

  it('refuses .env, naming the rule', async () => {
    await expect(preparePristine(makeProject(), tree({ 'a.py': '', '.env': 'S=1\n' }))).rejects.toThrow('refusing to store .env in the pristine store');
  });

  it('a JSON store from before records (or unreadable) adds no "stored before git init" render', async () => {
    for (const store of [JSON.stringify({ format: 1, files: { 'old.py': { text: 'old\n' } } }), '{not json']) {
      const dir = makeProject({ '.djangoflow/pristine.json': store });
      initRepo(dir);
      await savePristine(dir, tree({ 'a.py': 'a\n' }));
      expect(log(dir)).toEqual(['djangoflow pristine render']);
      expect(existsSync(join(dir, '.djangoflow'))).toBe(false);
    }
  });
});

describe('preparing and committing a base', () => {
  it('never overwrites a ref moved since the base was prepared; a discarded ref base changes nothing', async () => {
    const dir = makeProject();
    initRepo(dir);
    await savePristine(dir, tree({ 'a.py': '1\n' }), 'one');
    const prepared = await preparePristine(dir, tree({ 'a.py': '2\n' }), 'two');
    expect(log(dir)).toEqual(['one']); // prepared, not yet in force
    await savePristine(dir, tree({ 'a.py': '3\n' }), 'someone else');
    await expect(commitPristine(dir, prepared)).rejects.toThrow(/^git update-ref failed: /);
    await discardPristine(prepared);
    expect(log(dir)).toEqual(['someone else', 'one']);
    expect(await loadPristine(dir)).toEqual(tree({ 'a.py': '3\n' }));
  });

  it('outside git: the prepared JSON base is in force once committed, gone once discarded; "unchanged" does nothing', async () => {
    const dir = makeProject();
    const first = await preparePristine(dir, tree({ 'a.py': '1\n' }), 'x', '{"r": 1}');
    expect(first).toMatchObject({ kind: 'file' });
    expect(await loadPristine(dir)).toBeNull();
    await commitPristine(dir, first);
    expect(JSON.parse(readFileSync(join(dir, '.djangoflow/pristine.json'), 'utf8')).record).toBe(recordFingerprint('{"r": 1}'));
    const second = await preparePristine(dir, tree({ 'a.py': '2\n' }));
    await discardPristine(second);
    expect(second.kind === 'file' && existsSync(second.temp)).toBe(false);
    expect(await loadPristine(dir)).toEqual(tree({ 'a.py': '1\n' }));
    initRepo(dir);
    await savePristine(dir, tree({ 'a.py': '1\n' }));
    const unchanged = await preparePristine(dir, tree({ 'a.py': '1\n' }));
    expect(unchanged).toEqual({ kind: 'unchanged' });
    calls.length = 0;
    await commitPristine(dir, unchanged);
    await discardPristine(unchanged);
    expect(calls).toEqual([]);
  });
});

describe('the JSON store in a repository', () => {
  it('one without a record is the base whatever the record on disk; loadStoredBeforeGit takes it whatever its record', async () => {
    const files = { 'old.py': { text: 'old\n' } };
    const dir = makeProject({ '.djangoflow/pristine.json': JSON.stringify({ format: 1, files }) });
    initRepo(dir);
    expect(await loadRenderOf(dir, '{"any": 1}\n')).toEqual(tree({ 'old.py': 'old\n' }));
    writeFiles(dir, { '.djangoflow/pristine.json': JSON.stringify({ format: 1, record: 'elsewhere', files }) });
    expect(await loadRenderOf(dir, '{"any": 1}\n')).toBeNull();
    expect(await loadStoredBeforeGit(dir)).toEqual(tree({ 'old.py': 'old\n' }));
    expect(await loadStoredBeforeGit(makeProject())).toBeNull();
  });
});

describe('a project moved in its repository', () => {
  it('finds its base under the ref of its old folder by the record on disk; not without a record, nor with another', async () => {
    const root = makeProject({ 'old/.yo-rc.json': '{"p": 1}\n', 'other/.yo-rc.json': '{"p": 9}\n' });
    initRepo(root);
    const base = tree({ 'old.py': 'x\n' });
    await savePristine(join(root, 'old'), base);
    await savePristine(join(root, 'other'), tree({ 'other.py': 'y\n' }));
    renameSync(join(root, 'old'), join(root, 'new'));
    expect(await loadRenderOf(join(root, 'new'), '{"p": 1}\n')).toEqual(base);
    expect(await loadPristine(join(root, 'new'))).toEqual(base);
    expect(await loadRenderOf(join(root, 'new'), '{"p": 2}\n')).toBeNull();
    // Projects without a record are never taken for each other.
    writeFiles(root, { 'bare/keep': '', 'unrecorded/keep': '' });
    await savePristine(join(root, 'unrecorded'), tree({ 'u.py': 'u\n' }));
    expect(await loadRenderOf(join(root, 'bare'), undefined)).toBeNull();
    expect(await loadPristine(join(root, 'bare'))).toBeNull();
  });
});
