import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export interface GitOptions {
  cwd: string;
  input?: string | Buffer;
  env?: Record<string, string>;
}

/**
 * Runs git and collects its output; never throws for a non-zero exit (see `gitOrThrow`).
 * Synchronous under the promise: the calls run one after another anyway, and spawnSync
 * skips the stream machinery that costs a short git call more than git itself.
 */
export async function runGit(args: string[], options: GitOptions): Promise<GitResult> {
  const result = spawnSync('git', args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    input: options.input ?? '',
    maxBuffer: Number.MAX_SAFE_INTEGER,
  });
  // git may exit before reading all input (e.g. on a bad argument): EPIPE is not an error.
  if (result.error && (result.error as NodeJS.ErrnoException).code !== 'EPIPE') throw result.error;
  return { code: result.status ?? 1, stdout: result.stdout ?? Buffer.alloc(0), stderr: result.stderr?.toString('utf8') ?? '' };
}

export async function gitOrThrow(args: string[], options: GitOptions): Promise<Buffer> {
  const result = await runGit(args, options);
  if (result.code !== 0) {
    throw new Error(`git ${args[0]} failed: ${result.stderr.trim() || `exit ${result.code}`}`);
  }
  return result.stdout;
}

export interface GitLocation {
  /** The top of the work tree. */
  root: string;
  /** The project directory relative to `root`, '' or ending with '/'. */
  prefix: string;
}

/**
 * Without a `.git` (folder or file) in `dir` or above, and no GIT_DIR/GIT_WORK_TREE in the
 * environment, git finds no repository either: skip spawning it (a new project's case).
 */
function mayBeInRepo(dir: string): boolean {
  if (process.env.GIT_DIR || process.env.GIT_WORK_TREE) return true;
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return true;
    if (dirname(current) === current) return false;
  }
}

/** Where the git work tree containing `dir` is, or null when `dir` is not in one. */
export async function findGitRepo(dir: string): Promise<GitLocation | null> {
  if (!existsSync(dir)) return null; // a project about to be generated
  if (!mayBeInRepo(dir)) return null;
  const result = await runGit(['rev-parse', '--show-toplevel', '--show-prefix'], { cwd: dir });
  if (result.code !== 0) return null;
  const [root, prefix = ''] = result.stdout.toString('utf8').split('\n');
  return root ? { root, prefix } : null;
}

/** Writes blobs to the object database and returns their ids, in order (one git process). */
export async function hashObjects(cwd: string, files: string[]): Promise<string[]> {
  if (files.length === 0) return [];
  const out = await gitOrThrow(['hash-object', '-w', '--no-filters', '--stdin-paths'], {
    cwd,
    input: files.join('\n') + '\n',
  });
  return out.toString('utf8').trim().split('\n');
}

/**
 * Blobs known to be in a repository's object database (from the last pristine tree read
 * there), by repository: writing the next base then stores only the changed files.
 */
const knownBlobs = new Map<string, Set<string>>();

export function rememberBlobs(root: string, oids: Iterable<string>): void {
  knownBlobs.set(resolve(root), new Set(oids));
}

/** The id git gives `content` as a blob (SHA-1 repositories; others never match a known id). */
function blobId(content: string | Buffer): string {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Writes contents as blobs (through temp files, so one git process handles them all). */
export async function writeBlobs(cwd: string, contents: Array<string | Buffer>): Promise<string[]> {
  if (contents.length === 0) return [];
  const known = knownBlobs.get(resolve(cwd));
  const ids = contents.map((content) => (known ? blobId(content) : ''));
  const missing = contents.map((_, index) => index).filter((index) => !known?.has(ids[index]!));
  if (missing.length === 0) return ids;
  const dir = await mkdtemp(join(tmpdir(), 'djangoflow-blobs-'));
  try {
    // Synchronous writes: cheaper than a promise per blob for a project's many small files.
    const files = missing.map((index) => {
      const file = join(dir, String(index));
      writeFileSync(file, contents[index]!);
      return file;
    });
    const written = await hashObjects(cwd, files);
    missing.forEach((index, i) => (ids[index] = written[i]!));
    return ids;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
