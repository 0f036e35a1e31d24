import { spawn } from 'node:child_process';
import { existsSync, realpathSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { UserError } from '../input/errors.js';

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
 * The process starts before this returns, so a caller can render while git works.
 */
export function runGit(args: string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, { cwd: options.cwd, env: options.env ? { ...process.env, ...options.env } : process.env });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new UserError('git is not installed (not found on PATH); this project is in a git repository') : error),
    );
    child.on('close', (code) =>
      resolvePromise({ code: code ?? 1, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
    // git may exit before reading all input (e.g. on a bad argument): EPIPE is not an error.
    // Stryker disable next-line BlockStatement: a pipe to a running child fails only with EPIPE; no other error can be provoked to tell these apart
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      // Stryker disable next-line ConditionalExpression: as above, EPIPE is the only error this pipe gives
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin.end(options.input ?? '');
  });
}

export async function gitOrThrow(args: string[], options: GitOptions): Promise<Buffer> {
  const result = await runGit(args, options);
  if (result.code !== 0) throw gitFailure(args, result);
  return result.stdout;
}

/** A one-line error from git's own message (e.g. a repository git refuses: safe.directory). */
export function gitFailure(args: string[], result: GitResult): UserError {
  const message = result.stderr.trim().split('\n')[0]!.replace(/^(fatal|error): /, '') || `exit ${result.code}`;
  return new UserError(`git ${args.find((arg) => !arg.startsWith('-') && !arg.includes('=')) ?? ''} failed: ${message}`);
}

export interface GitLocation {
  /** The top of the work tree. */
  root: string;
  /** The project directory relative to `root`, '' or ending with '/'. */
  prefix: string;
}

/**
 * Where the git work tree containing `dir` is, or null when `dir` is not in one. The usual
 * case (a `.git` folder in `dir` or above) is found without spawning git; anything else
 * (worktrees, submodules, GIT_DIR, GIT_WORK_TREE, GIT_CEILING_DIRECTORIES) asks git.
 */
export async function findGitRepo(dir: string): Promise<GitLocation | null> {
  if (!existsSync(dir)) return null; // a project about to be generated
  const { GIT_DIR, GIT_WORK_TREE, GIT_CEILING_DIRECTORIES } = process.env;
  if (GIT_DIR || GIT_WORK_TREE || GIT_CEILING_DIRECTORIES) return askGitForRepo(dir);
  const real = realpathSync(dir);
  for (let current = real; ; current = dirname(current)) {
    const dotGit = join(current, '.git');
    if (existsSync(dotGit)) {
      if (!existsSync(join(dotGit, 'HEAD'))) return askGitForRepo(dir); // a gitfile or something odd
      const prefix = relative(current, real).split(sep).join('/');
      return { root: current, prefix: prefix ? `${prefix}/` : '' };
    }
    if (dirname(current) === current) return null;
  }
}

async function askGitForRepo(dir: string): Promise<GitLocation | null> {
  // A failing rev-parse prints nothing; a working one prints both lines (the prefix may be empty).
  const [root, prefix] = (await runGit(['rev-parse', '--show-toplevel', '--show-prefix'], { cwd: dir })).stdout.toString('utf8').split('\n');
  return root ? { root, prefix: prefix! } : null;
}

/** Writes blobs to the object database and returns their ids, in order (one git process). */
export async function hashObjects(cwd: string, files: string[]): Promise<string[]> {
  if (files.length === 0) return [];
  const out = await gitOrThrow(['hash-object', '-w', '--no-filters', '--stdin-paths'], {
    cwd,
    input: files.join('\n'), // git reads the last line without its newline too
  });
  return out.toString('utf8').trim().split('\n');
}

/** Writes contents as blobs (through temp files, so one git process handles them all). */
export async function writeBlobs(cwd: string, contents: Array<string | Buffer>): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'djangoflow-blobs-'));
  try {
    // Synchronous writes: cheaper than a promise per blob for a project's many small files.
    const files = contents.map((content, index) => {
      const file = join(dir, String(index));
      writeFileSync(file, content);
      return file;
    });
    return await hashObjects(cwd, files);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
