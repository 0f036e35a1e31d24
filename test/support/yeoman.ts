/**
 * `yo` as a user has it: this package installed under the name generator-djangoflow (a
 * symlink in a temporary node_modules), found by Yeoman's own lookup.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createEnv } from 'yeoman-environment';
import { repoRoot } from './paths.js';
import { makeTempDir } from './tempdir.js';

/** A temporary folder whose node_modules holds this package; remove it with removeTempDir. */
export function installedPackage(prefix: string): string {
  const modules = makeTempDir(prefix);
  mkdirSync(join(modules, 'node_modules'));
  symlinkSync(repoRoot, join(modules, 'node_modules', 'generator-djangoflow'));
  return modules;
}

/** A Yeoman environment in `cwd` that looked the package up, and the namespaces it found. */
export async function yeomanEnv(cwd: string, modules: string) {
  const env = createEnv({ cwd });
  const found = await env.lookup({ packagePaths: [join(modules, 'node_modules', 'generator-djangoflow')] });
  return { env, namespaces: found.map((generator) => generator.namespace) };
}
