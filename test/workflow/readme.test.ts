/** The generated README advertises the workflow commands on every database (MySQL included: test/e2e/mysql-project.test.ts runs them). */
import { readText } from '../support/files.js';
import { generate } from '../support/generate.js';
import { removeTempDir } from '../support/tempdir.js';

test.each([
  ['postgresql', true],
  ['mysql', true],
])('--database %s: the README shows the workflow commands: %s', async (database, advertised) => {
  const generated = await generate(['--defaults', '--project-name', 'Acme Shop', '--database', database], { timeoutMs: 120_000 });
  expect(generated.code).toBe(0);
  const readme = readText(generated.dir, 'README.md');
  removeTempDir(generated.dir);
  expect(readme.includes('pull_production_to_localhost')).toBe(advertised);
  expect(readme.includes('on MySQL they refuse')).toBe(false);
}, 180_000);
