/**
 * The stack harness on a real project: the default project installs into a venv of
 * Python 3.13 with exactly its pinned Django, and a second install of the same
 * requirement set reuses that venv.
 */
import { generate } from './generate.js';
import { describeRun } from './process.js';
import { installProject } from './stack.js';
import { removeTempDir } from './tempdir.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

test('the default project installs its pins into a venv of its Python; the same pins reuse it', async () => {
  const [first, second] = await Promise.all(
    ['Acme Shop', 'Acme Shop'].map((name) => generate(['--defaults', '--project-name', name])),
  );
  for (const result of [first!, second!]) {
    dirs.push(result.dir);
    if (result.code !== 0) throw new Error(describeRun('djangoflow', result));
  }
  const [a, b] = await Promise.all([installProject(first!.dir), installProject(second!.dir)]);
  expect(b!.venv).toBe(a!.venv);
  const versions = await a!.run([
    '-c',
    'import sys, django; print(f"{sys.version_info[0]}.{sys.version_info[1]}", django.get_version())',
  ]);
  expect(versions.stdout.trim()).toBe('3.13 6.0.8');
}, 900_000);
