/** Where the package, its template set and its version are: the package root found from this module. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../input/errors.js';
import { quoted } from '../input/text.js';
import { versionPattern } from '../record/versions.js';

/** The package root, found from this module whether it runs from source (lib/) or from dist/lib/. */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'generator-djangoflow') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('generator-djangoflow: package.json not found above lib/');
    dir = parent;
  }
}

export const packageRoot = findPackageRoot();

/**
 * The template set. DJANGOFLOW_TEMPLATES points the generator at another set: tests use it to
 * play a template release against an existing project.
 */
export function templatesDir(): string {
  return resolve(process.env.DJANGOFLOW_TEMPLATES ?? join(packageRoot, 'templates'));
}

/** The generator version recorded in projects; DJANGOFLOW_VERSION stands in for a release in tests. */
export function generatorVersion(): string {
  const stand = process.env.DJANGOFLOW_VERSION;
  if (stand !== undefined && !versionPattern.test(stand)) {
    throw new UserError(`DJANGOFLOW_VERSION=${quoted(stand)} is not a version like 1.2.3; unset it or give one`);
  }
  return stand ?? JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).version;
}
