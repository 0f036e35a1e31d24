/**
 * What a project records about itself in .yo-rc.json: the generator version that last
 * rendered it, the answers, and what the sub-generators added (apps, plugins). The answers
 * sit under the generator's key, the same place Yeoman's `this.config` reads them from.
 * A deleted record that git still has is named with the command that restores it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../input/errors.js';
import type { Answers } from '../questions/question.js';
import { clipped, quoted } from '../input/text.js';
import { versionPattern } from './versions.js';

export const rcFile = '.yo-rc.json';
export const rcKey = 'generator-djangoflow';
/** The keys of the record under rcKey. */
const recordKeys: readonly string[] = ['version', 'answers', 'apps', 'plugins'];

export interface ModelField {
  name: string;
  type: string;
  /** Target model of fk/o2o/m2m fields, `app.Model`. */
  target?: string;
  /** The values of a `choice` field. */
  choices?: string[];
  /** `?`: null/blank as the type wants (lib/render/field-types.ts). */
  optional?: boolean;
  unique?: boolean;
  index?: boolean;
  /** `default=VALUE` as typed; written in Python by the field's type. */
  default?: string;
  /** `name:str:120`. */
  maxLength?: number;
}

export interface ModelSpec {
  name: string;
  fields: ModelField[];
  /** `--pages`: HTML list, detail, create, edit and delete pages (absent: none). */
  pages?: true;
}

export interface AppSpec {
  name: string;
  models: ModelSpec[];
  /**
   * Made by hand and recorded by `adopt-app`: its files and its LOCAL_APPS line stay the
   * user's, so it renders nothing (never listed twice), and `model` leaves it alone.
   */
  adopted?: true;
}

export interface ProjectState {
  version: string;
  answers: Answers;
  apps: AppSpec[];
  plugins: string[];
}

/**
 * The project's .yo-rc.json, read once per run: the djangoflow record (null when the folder
 * has none) and everything else in the file, kept when the record is written back.
 */
export interface StateFile {
  state: ProjectState | null;
  /** The file's text, null when there is no file: the pipeline compares the next record with it. */
  text: string | null;
  /** The whole parsed file, other generators' entries included. */
  json: Record<string, unknown>;
}

/** Reads .yo-rc.json; a corrupt file or record is refused. */
export function readStateFile(projectDir: string): StateFile {
  const path = join(projectDir, rcFile);
  if (!existsSync(path)) return { state: null, text: null, json: {} };
  if (statSync(path).isDirectory()) throw new UserError(`${rcFile} is a folder, not a file; remove it or restore the file from git`);
  return parseStateFile(readFileSync(path, 'utf8'));
}

/** A .yo-rc.json's text as a StateFile (also a committed one); a corrupt file or record is refused. */
export function parseStateFile(text: string): StateFile {
  let parsed: unknown;
  try {
    // A byte order mark (an editor's, on Windows) is no content: JSON.parse alone refuses it.
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new UserError(`${rcFile} is not valid JSON; fix or restore it (git checkout ${rcFile})`);
  }
  const json = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  const entry = json[rcKey] as Partial<ProjectState> | undefined;
  if (!entry || typeof entry !== 'object') return { state: null, text, json };
  if (typeof entry.answers !== 'object' || entry.answers === null || Array.isArray(entry.answers) || typeof entry.version !== 'string') {
    throw new UserError(`${rcFile} has no valid "${rcKey}" record (version and answers); restore it from git`);
  }
  // The shape here; the contents are checked like command-line input once migrated (lib/record/record-check.ts).
  if (!versionPattern.test(entry.version)) {
    throw new UserError(`${rcFile}: version: ${quoted(entry.version)} is not a version like 1.2.3; restore the file from git`);
  }
  // Keys no command writes would be dropped by the next write: refused, as unknown options are.
  const unknownKey = Object.keys(entry).find((key) => !recordKeys.includes(key));
  if (unknownKey !== undefined) {
    throw new UserError(`${rcFile}: ${clipped(unknownKey)}: the record takes no key ${quoted(unknownKey)} (it takes ${recordKeys.join(', ')}); fix it or restore the file from git`);
  }
  for (const key of ['apps', 'plugins'] as const) {
    if (entry[key] !== undefined && !Array.isArray(entry[key])) throw new UserError(`${rcFile}: ${key}: must be a list; restore the file from git`);
  }
  const state: ProjectState = {
    version: entry.version,
    answers: entry.answers as Answers,
    apps: entry.apps ?? [],
    plugins: entry.plugins ?? [],
  };
  return { state, text, json };
}

/** .yo-rc.json content for a state, keeping what other generators recorded in the same file. */
export function serializeState(file: StateFile, state: ProjectState): string {
  const record = { version: state.version, answers: state.answers, apps: state.apps, plugins: state.plugins };
  return `${JSON.stringify({ ...file.json, [rcKey]: record }, null, 2)}\n`;
}

/**
 * The command that brings back a deleted record git still has, or null: from the last
 * commit when it holds the file (deleted by hand, or by a git command), else from the
 * commit before the one that deleted it. Asked only on the way to an error.
 */
export function recordRestoreCommand(dir: string): string | null {
  if (existsSync(join(dir, rcFile))) return null;
  const git = (args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    git(['cat-file', '-e', `HEAD:./${rcFile}`]);
    return `git checkout HEAD -- ${rcFile}`;
  } catch {
    // Not in the last commit (or no git at all): the commit that deleted it, if any.
  }
  try {
    const deletedBy = git(['log', '-1', '--format=%h', '--diff-filter=D', '--', rcFile]).trim();
    return deletedBy ? `git checkout ${deletedBy}^ -- ${rcFile}` : null;
  } catch {
    return null;
  }
}
