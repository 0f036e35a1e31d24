/** Whether a name can be a new app of the project: startapp's rules for the app name. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pythonNameProblem } from '../input/naming.js';
import { projectApps } from '../render/context.js';
import type { ProjectState } from '../record/state.js';
import type { TemplateSet } from '../template-set/index.js';
import { quoted } from '../input/text.js';

/** The longest app name: it prefixes table names (PostgreSQL keeps 63 bytes) and reverse names. */
export const maxAppNameLength = 40;

/** Where a project's own apps live (src/apps is on the Python path of every entry point). */
export const appsDir = 'src/apps';

/**
 * Top-level packages and app labels taken by installed apps: `django.contrib.auth` takes
 * `django` (its package) and `auth` (its label); a new app may be neither.
 */
export function takenByInstalledApps(dotted: readonly string[]): Set<string> {
  return new Set(dotted.flatMap((name) => [name.split('.')[0], name.split('.').at(-1)!]));
}

/**
 * Why `name` cannot be a new app of the project, or null. Every plugin of the catalog counts,
 * active or not: a plugin enabled later must not collide with the app either. An app folder
 * an undone run left (`folderLeftByUndoneRun`, lib/reconcile/leftovers.ts) is no obstacle.
 */
export function appNameProblem(name: string, projectDir: string, state: ProjectState, templates: TemplateSet, folderLeftByUndoneRun = false): string | null {
  // The project's own apps first: `core` and `users` are reserved names too, but this is why.
  const apps = projectApps(state, templates);
  if (apps.localApps.some((app) => app.name === name)) return `the project already has an app ${quoted(name)}`;
  const problem = pythonNameProblem(name, 'app name');
  if (problem) return problem;
  if (name.length > maxAppNameLength) {
    return `app name ${quoted(name.slice(0, 20))}... is ${name.length} characters; at most ${maxAppNameLength} (it prefixes its tables, URLs and reverse names)`;
  }
  // Not on record: an app made by hand, or one an undone run left (git reset leaves untracked files).
  const appDir = join(appsDir, name);
  if (!folderLeftByUndoneRun && existsSync(join(projectDir, appDir))) {
    return `${appDir} already exists and is not on record: choose another app name, record it with djangoflow adopt-app ${name}, or delete it if an undone run left it`;
  }
  if (existsSync(join(projectDir, 'src', name))) return `${join('src', name)} already exists; choose another app name`;
  const groups = apps.installedApps;
  const installed = [...groups.first, ...groups.core, ...groups.extensions, ...groups.localOnly];
  if (takenByInstalledApps(installed).has(name)) return `app name ${quoted(name)} clashes with an installed app (${installed.join(', ')})`;
  const owner = [...templates.catalog.values()].find((plugin) =>
    takenByInstalledApps(Object.values(plugin.installedApps).flatMap((apps) => apps ?? [])).has(name),
  );
  if (owner) return `app name ${quoted(name)} clashes with an app of the ${owner.name} plugin`;
  return null;
}
