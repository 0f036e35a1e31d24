/**
 * The in-process run (generate-in-process.ts) stands in for the bin only if it writes what
 * the bin writes: the same files, byte for byte (but the fresh secret key), the same lines,
 * the same refusal.
 */
import { createHash } from 'node:crypto';
import { listFiles, readBytes } from './files.js';
import { generate } from './generate.js';
import { generateInProcess } from './generate-in-process.js';
import { removeTempDir } from './tempdir.js';

/** path → content hash; .env only by its variable names (its secret is fresh each run). */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const path of listFiles(dir)) {
    const content = readBytes(dir, path);
    files[path] =
      path === '.env'
        ? content.toString('utf8').replace(/^(DJANGO_SECRET_KEY=)[A-Za-z0-9_-]{64}$/m, '$1<64 characters>')
        : createHash('sha256').update(content).digest('hex');
  }
  return files;
}

test.each([
  [['--defaults', '--project-name', 'Acme Shop']],
  [['--defaults', '--project-name', 'Blue Harbor', '--database=mysql', '--celery', '--ci=gitlab', '--python-version=3.12']],
])('%j: the same tree and output as the bin', async (args) => {
  const [bin, inProcess] = [await generate(args), await generateInProcess(args)];
  try {
    expect(bin.code).toBe(0);
    expect(inProcess.code).toBe(0);
    expect(inProcess.stdout).toBe(bin.stdout);
    expect(tree(inProcess.dir)).toEqual(tree(bin.dir));
  } finally {
    removeTempDir(bin.dir);
    removeTempDir(inProcess.dir);
  }
}, 120_000);

test('a refusal: the same exit code and line', async () => {
  const args = ['--defaults', '--database', 'oracle'];
  const [bin, inProcess] = [await generate(args), await generateInProcess(args)];
  removeTempDir(bin.dir);
  removeTempDir(inProcess.dir);
  expect(bin.code).not.toBe(0);
  expect({ code: inProcess.code, stderr: inProcess.stderr }).toEqual({ code: bin.code, stderr: bin.stderr });
});
