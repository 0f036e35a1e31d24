/**
 * The in-process run (generate-in-process.ts) stands in for the bin only if it writes what
 * the bin writes: the same files, byte for byte (but the fresh secret key), the same lines,
 * the same refusal, under an environment of its own, and no lock left behind.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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

test('what the bin prints through its streams (--version, --help): the same', async () => {
  for (const args of [['--version'], ['plugin', '--help']]) {
    const [bin, inProcess] = [await generate(args), await generateInProcess(args)];
    removeTempDir(bin.dir);
    removeTempDir(inProcess.dir);
    expect(bin.code).toBe(0);
    expect({ args, code: inProcess.code, stdout: inProcess.stdout, stderr: inProcess.stderr }).toEqual({ args, code: 0, stdout: bin.stdout, stderr: bin.stderr });
  }
}, 120_000);

test('an environment of its own: the same refusal as the bin under it, the test\'s environment put back', async () => {
  const env = { DJANGOFLOW_TEMPLATES: '/nonexistent/templates' };
  const [bin, inProcess] = [await generate(['--defaults'], { env }), await generateInProcess(['--defaults'], { env })];
  removeTempDir(bin.dir);
  removeTempDir(inProcess.dir);
  expect(bin.stderr).toMatch(/template folder/);
  expect({ code: inProcess.code, stderr: inProcess.stderr }).toEqual({ code: bin.code, stderr: bin.stderr });
  expect(process.env.DJANGOFLOW_TEMPLATES).toBeUndefined();
});

test('a command run in a subfolder of the project releases the project\'s lock, as the bin\'s exit does', async () => {
  const project = await generateInProcess(['--defaults']);
  try {
    expect(existsSync(join(project.dir, '.djangoflow/lock'))).toBe(false);
    const app = await generateInProcess(['startapp', 'blog'], { cwd: join(project.dir, 'src') });
    expect(app.code).toBe(0);
    expect(existsSync(join(project.dir, 'src/apps/blog/models.py'))).toBe(true);
    expect(existsSync(join(project.dir, '.djangoflow/lock'))).toBe(false);
  } finally {
    removeTempDir(project.dir);
  }
}, 120_000);
