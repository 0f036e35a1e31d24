import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/** Runs git and collects its output; never throws for a non-zero exit (see `gitOrThrow`). */
export function runGit(args: string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
    );
    // git may exit before reading all input (e.g. on a bad argument): ignore EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
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

/** Where the git work tree containing `dir` is, or null when `dir` is not in one. */
export async function findGitRepo(dir: string): Promise<GitLocation | null> {
  if (!existsSync(dir)) return null; // a project about to be generated
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

/** Writes contents as blobs (through temp files, so one git process handles them all). */
export async function writeBlobs(cwd: string, contents: Array<string | Buffer>): Promise<string[]> {
  if (contents.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), 'djangoflow-blobs-'));
  try {
    const files = await Promise.all(
      contents.map(async (content, index) => {
        const file = join(dir, String(index));
        await writeFile(file, content);
        return file;
      }),
    );
    return await hashObjects(cwd, files);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
