/**
 * The uv cache warm-up and the wait for it before a venv is built: the wait returns at once
 * without a running warm-up (or with the file of a killed one), and waits while the named
 * process lives; the warm-up does nothing, and says so, when the tests install with pip.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const waitScript = join(process.cwd(), 'test/support/warm-up-wait.mjs');

/**
 * Runs the wait in a child node with this test cache; returns its wall time and
 * output. Asynchronous, so this process goes on reaping its own children meanwhile (a
 * zombie would count as alive).
 */
async function runWait(cache: string): Promise<{ ms: number; stdout: string }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(waitScript)}); await m.waitForWarmUp();`], {
    env: { ...process.env, DJANGOFLOW_TEST_CACHE: cache },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const code = await new Promise((resolve) => child.on('close', resolve));
  expect(code).toBe(0);
  return { ms: Date.now() - started, stdout };
}

describe('waiting for the uv cache warm-up', () => {
  let cache: string;
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'djangoflow-warm-test-'));
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  test('no warm-up running: returns at once and prints nothing', async () => {
    const { ms, stdout } = await runWait(cache);
    expect(stdout).toBe('');
    expect(ms).toBeLessThan(15000);
  });

  test('the file of a killed warm-up does not hold the tests', async () => {
    const dead = spawnSync('true').pid!;
    writeFileSync(join(cache, 'warm-up.pid'), String(dead));
    const { ms, stdout } = await runWait(cache);
    expect(stdout).toBe('');
    expect(ms).toBeLessThan(15000);
  });

  test('a running warm-up is waited for until its process ends', async () => {
    const sleeper = spawn('sleep', ['3'], { stdio: 'ignore' });
    writeFileSync(join(cache, 'warm-up.pid'), String(sleeper.pid));
    const ended = new Promise((resolve) => sleeper.on('exit', resolve));
    const { ms, stdout } = await runWait(cache);
    await ended;
    expect(ms).toBeGreaterThanOrEqual(2500);
    expect(stdout).toContain(`waiting for the uv cache warm-up (pid ${sleeper.pid})`);
    expect(stdout).toMatch(/uv cache warm-up done after \d+s of waiting/);
  });

  test('the warm-up itself does nothing when the tests install with pip', () => {
    const result = spawnSync(process.execPath, ['scripts/warm-uv-cache.mjs'], {
      env: { ...process.env, DJANGOFLOW_TEST_CACHE: cache, DJANGOFLOW_INSTALLER: 'pip' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('uv cache warm-up: no uv (the tests install with pip)');
  });
});
