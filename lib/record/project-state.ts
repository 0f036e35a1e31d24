/**
 * The project a command works on, read once per run: its .yo-rc.json, and the recorded
 * state migrated to this generator version (refused when a newer generator wrote it) and
 * checked like command-line input. A record naming a plugin the catalog no longer offers is
 * refused, naming the fix, except by the run that takes that plugin out.
 */
import { UserError } from '../input/errors.js';
import { refuseDowngrade } from '../run/guards.js';
import { migrateAnswers, migrationsBetween } from './migrations.js';
import { generatorVersion } from '../template-set/paths.js';
import { recordedPlugins } from '../plugins/active.js';
import { checkRecord } from './record-check.js';
import { type ProjectState, type StateFile, rcFile, readStateFile, recordRestoreCommand } from './state.js';
import type { TemplateSet } from '../template-set/index.js';

export interface Project {
  dir: string;
  /** .yo-rc.json as read; the pipeline writes the next record into it. */
  file: StateFile;
  /** The recorded state, migrated; null in a folder that is not a project yet. */
  previous: ProjectState | null;
}

export interface OpenOptions {
  /** Plugins no longer offered that the record may still name: the run takes them out (or only lists them). */
  unavailableAllowed?: readonly string[];
}

/** The project in `dir`, or a folder about to become one (`previous` null). */
export function openFolder(dir: string, templates: TemplateSet, options: OpenOptions = {}): Project {
  const file = readStateFile(dir);
  return { dir, file, previous: file.state ? migrateState(file.state, templates, options) : null };
}

/** The project in `dir`; refuses a folder that is not a project. */
export function openProject(dir: string, templates: TemplateSet, options: OpenOptions = {}): Project & { previous: ProjectState } {
  const project = openFolder(dir, templates, options);
  if (!project.previous) {
    const restore = recordRestoreCommand(dir);
    throw new UserError(`not a djangoflow project (no ${rcFile} with a djangoflow record here)${restore ? `; git has one: restore it with ${restore}` : ''}`);
  }
  return project as Project & { previous: ProjectState };
}

/** The recorded answers under this generator version's names and values. */
export function migrateState(recorded: ProjectState, templates: TemplateSet, options: OpenOptions = {}): ProjectState {
  refuseDowngrade(recorded, generatorVersion());
  const pending = migrationsBetween(templates.migrations, recorded.version, generatorVersion());
  const migrated = { ...recorded, answers: migrateAnswers(recorded.answers, pending) };
  checkRecord(migrated, templates);
  refuseUnavailable(migrated, templates, options.unavailableAllowed ?? []);
  return migrated;
}

/** An older generator offered a plugin this one cannot render: the one way on is to take it out. */
function refuseUnavailable(state: ProjectState, templates: TemplateSet, allowed: readonly string[]): void {
  const kept = recordedPlugins(templates.catalog, state).find((plugin) => plugin.unavailable && !allowed.includes(plugin.name));
  if (kept) {
    throw new UserError(
      `this project records plugin ${kept.name}, which is no longer offered (${kept.unavailable}); take it out first: djangoflow plugin --remove ${kept.name}`,
    );
  }
}
