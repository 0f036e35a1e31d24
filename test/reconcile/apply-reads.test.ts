/**
 * What the apply's group reads: conflicts a previous run left (unresolved.ts), the user's
 * git history (evidence.ts), and the special files containment.ts refuses (sockets,
 * devices, names the file system refuses), each with its exact outcome.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { assertContained, ContainmentError, readContained } from '../../lib/reconcile/containment.js';
import { changedBy, committedRecords, everCommitted } from '../../lib/reconcile/evidence.js';
import { unresolvedConflicts } from '../../lib/reconcile/unresolved.js';
import { git, initRepo, lines, makeProject, removeProjects, writeFiles } from './helpers.js';

afterEach(removeProjects);

/** The message assertContained throws for `paths`, or null. */
function refusal(dir: string, paths: string[]): string | null {
  try {
    assertContained(dir, paths);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ContainmentError);
    return (error as Error).message;
  }
}

describe('unresolvedConflicts: markers, exactly', () => {
  it('needs seven marker characters and a space, at line starts, opening before closing', async () => {
    const variants = {
      'ok.py': lines('<<<<<<< yours', 'x', '>>>>>>> djangoflow'),
      'ok-first-line.py': '<<<<<<< a\n>>>>>>> b\n',
      'six.py': lines('<<<<<< yours', 'x', '>>>>>>> djangoflow'),
      'six-closing.py': lines('<<<<<<< yours', 'x', '>>>>>> djangoflow'),
      'no-space.py': lines('<<<<<<<yours', 'x', '>>>>>>> djangoflow'),
      'no-space-closing.py': lines('<<<<<<< yours', 'x', '>>>>>>>djangoflow'),
      'closing-first.py': lines('>>>>>>> djangoflow', 'x', '<<<<<<< yours'),
      'indented-closing.py': lines('<<<<<<< yours', 'x', ' >>>>>>> djangoflow'),
      'one-line.py': '<<<<<<< yours >>>>>>> djangoflow\n',
    };
    const dir = makeProject(variants);
    expect(await unresolvedConflicts(dir, Object.keys(variants))).toEqual(['ok-first-line.py', 'ok.py']);
  });

  it("names git's unmerged paths relative to a project in a folder of the same name as one of its own", async () => {
    const root = makeProject({ 'app/app/s.py': 'v = 0\n' });
    initRepo(root);
    git(root, 'checkout', '-q', '-b', 'side');
    writeFiles(root, { 'app/app/s.py': 'v = 1\n' });
    git(root, 'commit', '-qam', 'side');
    git(root, 'checkout', '-q', 'main');
    writeFiles(root, { 'app/app/s.py': 'v = 2\n' });
    git(root, 'commit', '-qam', 'main');
    expect(() => git(root, 'merge', '-q', 'side')).toThrow();
    expect(await unresolvedConflicts(join(root, 'app'), [])).toEqual(['app/s.py']);
  });
});

describe("evidence: the user's history, exactly", () => {
  /** A repository at `root` whose project is `root/p`, with one commit per step. */
  function history(): { root: string; p: string; commit: (message: string) => string } {
    const root = makeProject({ 'p/.yo-rc.json': '{"v": 0}\n' });
    initRepo(root);
    const commit = (message: string) => {
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '-m', message);
      return git(root, 'rev-parse', 'HEAD').trim();
    };
    return { root, p: join(root, 'p'), commit };
  }

  it('keeps the ten newest records by default', async () => {
    const { p, commit } = history();
    const commits: string[] = [];
    for (let v = 1; v <= 11; v++) {
      writeFiles(p, { '.yo-rc.json': `{"v": ${v}}\n` });
      commits.unshift(commit(`v${v}`));
    }
    const records = await committedRecords(p);
    expect(records.map((r) => r.commit)).toEqual(commits.slice(0, 10));
    expect(records.map((r) => r.text)).toEqual(Array.from({ length: 10 }, (_, i) => `{"v": ${11 - i}}\n`));
  });

  it('a history without a record has none', async () => {
    const root = makeProject({ 'a.py': 'a\n' });
    initRepo(root);
    expect(await committedRecords(root)).toEqual([]);
  });

  it('never counts a pending pristine ref, and takes paths literally', async () => {
    const { root, p, commit } = history();
    writeFiles(p, { 'ab.py': 'ab\n' });
    commit('ab');
    git(root, 'checkout', '-q', '-b', 'pending');
    writeFiles(p, { 'pending.py': 'p\n' });
    const pending = commit('pending');
    git(root, 'checkout', '-q', 'main');
    git(root, 'branch', '-D', '-q', 'pending');
    git(root, 'update-ref', 'refs/djangoflow-pending/pristine', pending);
    expect(await everCommitted(p, ['pending.py', 'a?.py', 'ab.py'])).toEqual(new Set(['ab.py']));
    expect(await changedBy(p, pending, ['pending.py', 'pending*'])).toEqual(new Set(['pending.py']));
  });

  it('asks git nothing for no paths, and takes every path as committed when git refuses them', async () => {
    const { p } = history();
    expect(await everCommitted(p, [])).toEqual(new Set());
    expect(await everCommitted(p, ['.yo-rc.json', '../../outside.py'])).toEqual(new Set(['.yo-rc.json', '../../outside.py']));
  });
});

describe('containment: sockets, devices and names the file system refuses', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    server = undefined;
  });

  it('refuses a socket, a character and a block device by kind, as a file and as a folder', async () => {
    const dir = makeProject({});
    server = createServer();
    await new Promise((done) => server!.listen(join(dir, 'sock'), () => done(undefined)));
    execFileSync('mknod', [join(dir, 'null'), 'c', '1', '3']);
    execFileSync('mknod', [join(dir, 'block'), 'b', '7', '0']);
    expect(refusal(dir, ['sock'])).toBe('sock is a socket, not a regular file: remove it, then run again');
    expect(refusal(dir, ['null'])).toBe('null is a device file, not a regular file: remove it, then run again');
    expect(refusal(dir, ['block'])).toBe('block is a device file, not a regular file: remove it, then run again');
    expect(refusal(dir, ['sock/x'])).toBe('sock is a socket, but the template has a folder there: move it away, then run again');
    expect(refusal(dir, ['null/x'])).toBe('null is a device file, but the template has a folder there: move it away, then run again');
    expect(() => readContained(dir, 'null')).toThrow(new ContainmentError('null is a device file: remove it, then run again'));
  });

  it('passes on an error the file system gives for a name (not a refusal, not a missing file)', () => {
    const dir = makeProject({});
    mkdirSync(join(dir, 'sub'));
    const long = 'x'.repeat(300);
    expect(() => assertContained(dir, [long])).toThrow(expect.objectContaining({ code: 'ENAMETOOLONG' }));
    expect(() => assertContained(dir, [`${long}/a`])).toThrow(expect.objectContaining({ code: 'ENAMETOOLONG' }));
    expect(() => readContained(dir, long)).toThrow(expect.objectContaining({ code: 'ENAMETOOLONG' }));
  });
});

describe('containment: never through a link, never a special file', () => {
  const linkRefusal = (path: string) =>
    `${path} is a symbolic link; djangoflow never reads or writes through links (it could reach outside the project): replace it with a regular file, then run again`;
  const folderLinkRefusal = (folder: string) =>
    `${folder}/ is a symbolic link; djangoflow never writes through links (it could reach outside the project): make it a real folder, then run again`;

  function withSpecials(): string {
    const dir = makeProject({ 'docs/real.md': 'x\n', 'file.txt': 'f\n', 'sub/dir/x.py': 'x\n', 'old': 'old\n' });
    const outside = makeProject({ 'secret.txt': 'secret\n' });
    symlinkSync(outside, join(dir, 'linked'));
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'link.txt'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    return dir;
  }

  it('refuses each kind of path that is not a real folder or a regular file, naming it', () => {
    const dir = withSpecials();
    const refused = (paths: string[], replaced?: Set<string>) => {
      try {
        assertContained(dir, paths, replaced);
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(ContainmentError);
        expect((error as Error).name).toBe('ContainmentError');
        return (error as Error).message;
      }
    };
    expect(refused(['docs/real.md', 'docs/new.md', 'new/deep/file.py', 'sub/dir/x.py', 'sub/dir/y.py'])).toBeNull();
    expect(refused(['linked/secret.txt'])).toBe(folderLinkRefusal('linked'));
    expect(refused(['linked/a/b.txt'])).toBe(folderLinkRefusal('linked'));
    expect(refused(['link.txt'])).toBe(linkRefusal('link.txt'));
    expect(refused(['fifo'])).toBe('fifo is a FIFO (named pipe), not a regular file: remove it, then run again');
    expect(refused(['fifo/x.py'])).toBe('fifo is a FIFO (named pipe), but the template has a folder there: move it away, then run again');
    expect(refused(['file.txt/x.py'])).toBe('file.txt is a file, but the template has a folder there: move it away, then run again');
    expect(refused(['sub/dir'])).toBe('sub/dir is a directory in your project, but the template has a file there');
    // A file the run replaces by a folder: the paths below it are new.
    expect(refused(['old/run', 'old/deeper/x'], new Set(['old']))).toBeNull();
    expect(refused(['file.txt/x.py'], new Set(['old']))).toMatch(/^file\.txt is a file/);
    // A folder seen once answers for every path below it, in any order.
    expect(refused(['docs/a.md', 'linked/x', 'docs/b.md'])).toBe(folderLinkRefusal('linked'));
  });

  it('reads a regular file whole, and nothing through a link, a folder or a FIFO (without blocking)', () => {
    const dir = withSpecials();
    const big = Buffer.alloc(300_000, 7);
    writeFiles(dir, { 'big.bin': big, 'empty.txt': '' });
    expect(readContained(dir, 'docs/real.md')).toEqual(Buffer.from('x\n'));
    expect(readContained(dir, 'big.bin')!.equals(big)).toBe(true); // (toEqual compares a Buffer byte by byte: seconds)
    expect(readContained(dir, 'empty.txt')).toEqual(Buffer.alloc(0));
    expect(readContained(dir, 'absent.md')).toBeUndefined();
    expect(readContained(dir, 'file.txt/below')).toBeUndefined();
    expect(() => readContained(dir, 'link.txt')).toThrow(
      'link.txt is a symbolic link; djangoflow never reads or writes through links: replace it with a regular file, then run again',
    );
    expect(() => readContained(dir, 'sub')).toThrow('sub is a directory in your project, but the template has a file there');
    expect(() => readContained(dir, 'fifo')).toThrow('fifo is a FIFO (named pipe): remove it, then run again');
  });
});
