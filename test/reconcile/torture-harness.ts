/**
 * The sandbox of the reconcile torture tests: a temp root holding the project (alone, or
 * inside a monorepo) and a sibling folder `outside/` that links point into. Every scenario
 * snapshots `outside/` first and asserts nothing there changed; "no user byte lost" is
 * checked against git (the user's work is committed before the torture starts). Sandboxes
 * live in memory where the machine allows (support/memory-tmp.ts).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { expect } from '@jest/globals';
import { generateInProcess } from '../support/generate-in-process.js';
import { memoryTempRoot } from '../support/memory-tmp.js';
import { binPath } from '../support/paths.js';

export interface Run {
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const gitEnv = {
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** The bin in `cwd`; `env` adds variables (DJANGOFLOW_FAULT). Never inherits a fault. */
export function djangoflow(
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = {},
  started?: (child: ChildProcess) => void,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const { DJANGOFLOW_FAULT: _fault, DJANGOFLOW_FAIL_AFTER_WRITES: _fail, ...inherited } = process.env;
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd,
      env: { ...inherited, ...gitEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? 128 + (signal === 'SIGKILL' ? 9 : 15), signal, stdout, stderr });
    });
  });
}

/**
 * `djangoflow` as `djangoflow()` runs it, through the bin's main in this process
 * (support/generate-in-process.ts): for scenarios about what a command writes and reports,
 * not about the process (its signals, its exit under a fault).
 */
export async function djangoflowInProcess(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const result = await generateInProcess(args, { cwd, env: { DJANGOFLOW_FAULT: undefined, DJANGOFLOW_FAIL_AFTER_WRITES: undefined, ...gitEnv, ...env } });
  return { code: result.code, signal: null, stdout: result.stdout, stderr: result.stderr };
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...gitEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function gitTry(dir: string, ...args: string[]): string | null {
  try {
    return git(dir, ...args);
  } catch {
    return null;
  }
}

export function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
}

const roots: string[] = [];

export interface Sandbox {
  root: string;
  /** A sibling of the project that links point into: must never change. */
  outside: string;
  project: string;
}

/** A sandbox whose project is a copy of `seed` at `projectPath` (relative to root). */
export function sandbox(seed: string | null, projectPath = 'proj'): Sandbox {
  const root = mkdtempSync(join(memoryTempRoot, 'djangoflow-torture-'));
  roots.push(root);
  const outside = join(root, 'outside');
  mkdirSync(join(outside, 'docs'), { recursive: true });
  writeFileSync(join(outside, 'docs/architecture.md'), '# not the project\n');
  writeFileSync(join(outside, 'secret.txt'), 'outside content, never to be copied in\n');
  writeFileSync(join(outside, 'README.md'), '# outside readme\n');
  const project = join(root, projectPath);
  if (seed) cpSync(seed, project, { recursive: true, verbatimSymlinks: true });
  else mkdirSync(project, { recursive: true });
  return { root, outside, project };
}

export function removeSandboxes(): void {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** Every entry under `dir` (not .git): file hashes, links as their target, folders. */
export function snapshot(dir: string, root = dir): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (name === '.git') continue;
    const path = join(dir, name);
    const key = relative(root, path);
    const stats = lstatSync(path);
    if (stats.isSymbolicLink()) entries[key] = `link ${readlinkSync(path)}`;
    else if (stats.isDirectory()) {
      entries[key] = 'dir';
      Object.assign(entries, snapshot(path, root));
    } else if (stats.isFile()) entries[key] = createHash('sha1').update(readFileSync(path)).digest('hex');
    else entries[key] = 'special';
  }
  return entries;
}

/** The project is exactly its last commit: nothing changed, nothing lost, no leftovers. */
export function expectAsCommitted(project: string): void {
  expect(git(project, 'status', '--porcelain', '--untracked-files=all', '--', '.')).toBe('');
  expect(readdirSync(project)).not.toContain('.djangoflow');
}

export function pristineRef(project: string, ref = 'refs/djangoflow/pristine'): string | null {
  return gitTry(project, 'rev-parse', '-q', '--verify', ref)?.trim() ?? null;
}

/** One-line error: `djangoflow: ...`, no stack trace. */
export function expectOneLineError(run: Run, message: RegExp): void {
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(/^djangoflow: /);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

export function recorded(project: string): { apps: Array<{ name: string }>; plugins: string[]; answers: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['generator-djangoflow'];
}

export function write(project: string, path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), content);
}

export function read(project: string, path: string): string {
  return readFileSync(join(project, path), 'utf8');
}

/** A generated, committed project to copy scenarios from; `inGit` false: generated outside git (the base in `.djangoflow/`). */
export async function makeSeed(args: string[] = ['--defaults'], inGit = true): Promise<string> {
  const dir = mkdtempSync(join(memoryTempRoot, 'djangoflow-torture-seed-'));
  roots.push(dir);
  if (inGit) git(dir, 'init', '-q', '-b', 'main');
  const result = await djangoflow(dir, args);
  if (result.code !== 0) throw new Error(`seed generation failed: ${result.stderr}`);
  if (inGit) commitAll(dir, 'generated');
  return dir;
}

/** A pid that is certainly not running (a child that has exited). */
export function deadPid(): number {
  const output = execFileSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(output.trim());
}
