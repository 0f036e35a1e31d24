/** test/support/process.ts: a hung command fails fast; one that makes progress is left alone. */
import { run } from './process.js';

test('a command silent for longer than idleTimeoutMs is killed and fails with 124, saying why', async () => {
  const started = Date.now();
  const result = await run('sh', ['-c', 'echo started; sleep 30'], { idleTimeoutMs: 500, timeoutMs: 60_000 });
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(result.code).toBe(124);
  expect(result.stdout).toBe('started\n');
  expect(result.stderr).toBe('\n[killed after 500 ms without output (hung)]');
});

test('output keeps a command alive past idleTimeoutMs; the overall timeout still holds', async () => {
  const progressing = await run('sh', ['-c', 'for i in 1 2 3 4 5 6; do echo $i; sleep 0.2; done'], { idleTimeoutMs: 800 });
  expect(progressing).toEqual({ code: 0, stdout: '1\n2\n3\n4\n5\n6\n', stderr: '' });
  const endless = await run('sh', ['-c', 'while true; do echo x; sleep 0.1; done'], { idleTimeoutMs: 800, timeoutMs: 1_000 });
  expect(endless.code).toBe(124);
  expect(endless.stderr).toMatch(/\n\[killed after 1000 ms\]$/);
});
