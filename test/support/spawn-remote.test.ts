/**
 * The worker's helper process for short-lived children (test/support/spawn-remote.cjs,
 * installed by test/support/environment.cjs): the calls it serves behave as Node's own
 * spawn (output, input, exit codes, errors, timeouts that kill the whole group), they are
 * not forked from the worker, and every other call is Node's own.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { runGit } from '../../lib/reconcile/git.js';
import { run } from './process.js';

function collect(child: ReturnType<typeof spawn>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('short-lived children from the helper process', () => {
  it('serves git with piped output: the same output, input and exit code as a direct run', async () => {
    const child = spawn('git', ['--version'], { cwd: process.cwd(), env: process.env });
    expect(child).not.toBeInstanceOf(ChildProcess);
    const result = await collect(child);
    expect(result).toEqual({ code: 0, stdout: execFileSync('git', ['--version'], { encoding: 'utf8' }), stderr: '' });

    const hashed = await runGit(['hash-object', '--stdin'], { cwd: process.cwd(), input: 'hello\n' });
    expect(hashed.stdout.toString('utf8').trim()).toBe(execFileSync('git', ['hash-object', '--stdin'], { input: 'hello\n', encoding: 'utf8' }).trim());

    const failed = await runGit(['cat-file', '-e', 'no-such-object'], { cwd: process.cwd() });
    expect(failed.code).toBe(128);
    expect(failed.stderr).toMatch(/fatal/);
  });

  it('gives a child that exits before reading its input the EPIPE on stdin that Node gives', async () => {
    const child = spawn('git', ['version'], { cwd: process.cwd(), env: process.env });
    const stdinError = new Promise<NodeJS.ErrnoException>((resolve) => child.stdin!.on('error', resolve));
    child.stdin!.end(Buffer.alloc(8 << 20, 0x61));
    const result = await collect(child);
    expect(result.code).toBe(0);
    expect((await stdinError).code).toBe('EPIPE');
  });

  it('gives a missing program as the error Node gives (ENOENT), which runGit turns into its message', async () => {
    const error = await runGit(['--version'], { cwd: process.cwd(), env: { PATH: '/nonexistent' } }).catch((caught: Error) => caught);
    expect(String(error)).toMatch(/git is not installed/);
  });

  it("starts run()'s children from the helper, not from the worker", async () => {
    const result = await run('sh', ['-c', 'echo $PPID']);
    expect(result.code).toBe(0);
    const parent = Number(result.stdout.trim());
    expect(parent).toBeGreaterThan(1);
    expect(parent).not.toBe(process.pid);
  });

  it("kills run()'s whole process group on a timeout, with timeout(1)'s 124", async () => {
    const started = Date.now();
    const result = await run('sh', ['-c', 'sleep 37 & echo $!; wait'], { timeoutMs: 1000 });
    expect(result.code).toBe(124);
    expect(result.stderr).toMatch(/killed after 1000 ms/);
    expect(Date.now() - started).toBeLessThan(10_000);
    const sleeper = Number(result.stdout.trim());
    for (let tries = 0; alive(sleeper) && tries < 50; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(sleeper)).toBe(false);
  });

  it('a helper that dies fails the children it ran, and the next call starts a new one', async () => {
    const helper = Number((await run('sh', ['-c', 'echo $PPID'])).stdout.trim());
    const sleeping = run('sh', ['-c', 'echo $$; exec sleep 37']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(helper, 'SIGKILL');
    await expect(sleeping).rejects.toThrow(/spawner process exited/);
    const again = await run('sh', ['-c', 'echo $PPID']);
    expect(again.code).toBe(0);
    expect(Number(again.stdout.trim())).not.toBe(helper);
    spawn('pkill', ['-f', 'exec sleep 37|^sleep 37$'], { stdio: 'ignore' }); // the orphan, its own group
  });

  it('leaves every other call to Node (a server or terminal needs its pid at once)', async () => {
    const child = spawn('true', [], { stdio: 'ignore' });
    expect(child).toBeInstanceOf(ChildProcess);
    expect(child.pid).toBeGreaterThan(0);
    await new Promise((resolve) => child.on('close', resolve));
    const gitWithOptions = spawn('git', ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    expect(gitWithOptions).toBeInstanceOf(ChildProcess);
    await collect(gitWithOptions);
  });
});
