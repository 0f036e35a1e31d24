/**
 * A default project generated once for a test file, beside a scratch folder for what the
 * file builds around it (venvs, altered copies of its files); both removed after the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../support/generate.js';
import { describeRun } from '../support/process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';

export interface ScratchProject {
  /** The generated project (set before the file's tests run). */
  dir: string;
  /** The scratch folder. */
  work: string;
  /** A file of the project as text. */
  read(path: string): string;
}

/** Registers the file's beforeAll/afterAll; `label` names the scratch folder. */
export function defaultProjectWithScratch(label: string): ScratchProject {
  const project: ScratchProject = { dir: '', work: '', read: (path) => readFileSync(join(project.dir, path), 'utf8') };
  beforeAll(async () => {
    const result = await generate(['--defaults', '--project-name', 'Acme Shop']);
    project.dir = result.dir;
    if (result.code !== 0) throw new Error(describeRun('djangoflow', result));
    project.work = makeTempDir(label);
  }, 120_000);
  afterAll(() => {
    removeTempDir(project.dir);
    removeTempDir(project.work);
  });
  return project;
}
