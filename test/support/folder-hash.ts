/**
 * A hash of everything in a folder (paths, kinds, modes, contents, link targets): a refused
 * command must leave it exactly as it was.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export function folderHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (relative: string): void => {
    const path = join(dir, relative);
    const stat = lstatSync(path);
    hash.update(`${relative}\0${stat.mode}\0`);
    if (stat.isSymbolicLink()) hash.update(readlinkSync(path));
    else if (stat.isDirectory()) for (const name of readdirSync(path).sort()) walk(join(relative, name));
    else if (stat.isFile()) hash.update(readFileSync(path));
  };
  walk('.');
  return hash.digest('hex');
}
