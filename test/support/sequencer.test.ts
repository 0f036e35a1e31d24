/**
 * The order of test files (sequencer.mjs): the slowest first; while the uv cache warm-up
 * runs, the longest files that build no venv go ahead, up to about a minute of both workers.
 * The sequencer reads the test cache's folder when it loads, so each order is asked of a
 * child node with its own DJANGOFLOW_TEST_CACHE.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from './tempdir.js';

const sequencer = join(process.cwd(), 'test/support/sequencer.mjs');
let root = '';

beforeEach(() => {
  root = makeTempDir('sequencer');
  mkdirSync(join(root, 'test'));
  const files = { 'stack.test.ts': [200, "describeRealStack('a project', []);"], 'long.test.ts': [100, ''], 'mid.test.ts': [60, ''], 'short.test.ts': [10, ''] };
  writeFileSync(join(root, 'test/durations.json'), JSON.stringify(Object.fromEntries(Object.entries(files).map(([name, [seconds]]) => [`test/${name}`, seconds]))));
  for (const [name, [, text]] of Object.entries(files)) writeFileSync(join(root, 'test', name), String(text));
});
afterEach(() => removeTempDir(root));

/** The order the sequencer gives the four files, asked in a child node (asynchronously, so a sleeper's exit is reaped). */
async function order(): Promise<string[]> {
  const script = `
    const { default: Sequencer } = await import(${JSON.stringify(sequencer)});
    const context = { config: { rootDir: ${JSON.stringify(root)}, cache: false }, hasteFS: { getSize: () => 0 } };
    const names = ['short', 'mid', 'stack', 'long'];
    const tests = names.map((name) => ({ path: ${JSON.stringify(root)} + '/test/' + name + '.test.ts', context }));
    console.log(new Sequencer({}).sort(tests).map((test) => test.path.split('/').pop()).join(' '));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, DJANGOFLOW_TEST_CACHE: root }, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
  return stdout.trim().split(' ');
}

test('the slowest first when no warm-up runs (or a killed one left its file)', async () => {
  expect(await order()).toEqual(['stack.test.ts', 'long.test.ts', 'mid.test.ts', 'short.test.ts']);
  writeFileSync(join(root, 'warm-up.pid'), String(spawnSync('true').pid));
  expect(await order()).toEqual(['stack.test.ts', 'long.test.ts', 'mid.test.ts', 'short.test.ts']);
});

test('while the warm-up runs, the longest files without a venv go first, up to the budget', async () => {
  const warmUp = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    writeFileSync(join(root, 'warm-up.pid'), String(warmUp.pid));
    expect(await order()).toEqual(['long.test.ts', 'mid.test.ts', 'stack.test.ts', 'short.test.ts']);
  } finally {
    warmUp.kill();
  }
});
