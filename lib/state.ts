import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from './errors.js';
import type { Answers } from './questions.js';

/**
 * What a project records about itself in .yo-rc.json: the generator version that last
 * rendered it, the answers, and what the sub-generators added (apps, plugins). The answers
 * sit under the generator's key, the same place Yeoman's `this.config` reads them from.
 */
export const rcFile = '.yo-rc.json';
export const rcKey = 'generator-djangoflow';

export interface ModelField {
  name: string;
  type: string;
  /** Target model of fk/m2m fields, `app.Model`. */
  target?: string;
}

export interface ModelSpec {
  name: string;
  fields: ModelField[];
}

export interface AppSpec {
  name: string;
  models: ModelSpec[];
}

export interface ProjectState {
  version: string;
  answers: Answers;
  apps: AppSpec[];
  plugins: string[];
}

/** The recorded state, null when the folder has no .yo-rc.json; a corrupt file is refused. */
export function readState(projectDir: string): ProjectState | null {
  const path = join(projectDir, rcFile);
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new UserError(`${rcFile} is not valid JSON; fix or restore it (git checkout ${rcFile})`);
  }
  const entry = (parsed as Record<string, unknown> | null)?.[rcKey] as Partial<ProjectState> | undefined;
  if (!entry || typeof entry !== 'object') return null;
  if (typeof entry.answers !== 'object' || entry.answers === null || typeof entry.version !== 'string') {
    throw new UserError(`${rcFile} has no valid "${rcKey}" record (version and answers); restore it from git`);
  }
  return {
    version: entry.version,
    answers: entry.answers as Answers,
    apps: Array.isArray(entry.apps) ? entry.apps : [],
    plugins: Array.isArray(entry.plugins) ? entry.plugins : [],
  };
}

/** .yo-rc.json content for a state, keeping what other generators recorded in the same file. */
export function serializeState(projectDir: string, state: ProjectState): string {
  const path = join(projectDir, rcFile);
  let others: Record<string, unknown> = {};
  if (existsSync(path)) {
    try {
      others = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      others = {};
    }
  }
  const record = { version: state.version, answers: state.answers, apps: state.apps, plugins: state.plugins };
  return `${JSON.stringify({ ...others, [rcKey]: record }, null, 2)}\n`;
}
