/**
 * The project a command works on, found as git finds its repository: the nearest folder
 * from the working directory up that holds a djangoflow record. Run in `src/`, a command
 * works on the project around it instead of nesting a new one.
 */
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { rcFile, readStateFile } from './state.js';

/** The folder holds a djangoflow record (or something in its place that a command must refuse). */
export function hasRecord(dir: string): boolean {
  try {
    // A link or FIFO is the project's too; reading it is refused later, with a message.
    if (!lstatSync(join(dir, rcFile)).isFile()) return true;
  } catch {
    return false;
  }
  try {
    return readStateFile(dir).state !== null;
  } catch {
    return true; // a corrupt record is still the project's: the command says what is wrong
  }
}

/**
 * The project root above (or at) `cwd`, or `cwd` itself when there is none. `newProjectHere`
 * (the main command in an empty folder) keeps `cwd`: that is where a new project goes.
 */
export function findProjectRoot(cwd: string, newProjectHere = false): string {
  const start = resolve(cwd);
  if (newProjectHere) return start;
  for (let dir = start; ; dir = dirname(dir)) {
    if (hasRecord(dir)) return dir;
    if (dirname(dir) === dir) return start;
  }
}

/** A folder with nothing in it but possibly a fresh git repository (and the run's lock). */
export function isEmptyFolder(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).every((name) => name === '.git' || name === '.djangoflow');
}
