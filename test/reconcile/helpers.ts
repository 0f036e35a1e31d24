import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { FileTree } from '../../lib/reconcile/index.js';
import type { Journal } from '../../lib/reconcile/journal.js';

const created: string[] = [];

/** A temp project with the given files (outside any git repository). */
export function makeProject(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'reconcile-test-'));
  created.push(dir);
  writeFiles(dir, files);
  return dir;
}

export function removeProjects(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

export function tree(files: Record<string, string | Buffer>): FileTree {
  return new Map(Object.entries(files));
}

/** Every file under dir (except .git), as text. */
export function readTree(dir: string, root = dir): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (name === '.git') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(files, readTree(path, root));
    else files[relative(root, path).split('\\').join('/')] = readFileSync(path, 'latin1');
  }
  return files;
}

export function read(dir: string, path: string): string {
  return readFileSync(join(dir, path), 'utf8');
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  });
}

/** `git init` and commit everything that is there. */
export function initRepo(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'generated');
}

/** Lines of a small Python-like file, to make merges meaningful. */
export function lines(...items: string[]): string {
  return items.join('\n') + '\n';
}

/** The journal an interrupted run of `pid` leaves, its work folder `work`: nothing done yet, but what `extra` says. */
export function journalOf(pid: number, work: string, extra: Partial<Journal> = {}): Journal {
  return { format: 1, pid, work, ops: [], madeDirs: [], pristine: { kind: 'unchanged' }, committed: false, ...extra };
}
