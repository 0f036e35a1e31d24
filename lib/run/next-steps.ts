/**
 * What the user runs after a reconcile, decided in one place for every command (generate,
 * answer changes, `--ask`, plugin add/remove, startapp, model, upgrade, the UI's Generate and
 * Apply): a new project's set-up; a venv of the new Python when the Python version changed;
 * `make install` when a requirements file changed, after
 * `make lock` when a locked file the team re-locked took the template's changes by merge;
 * `makemigrations` for the apps whose models changed; `migrate` when the installed apps or
 * the database changed; the `next` lines of the plugins switched on (what a provider's
 * console needs). After conflicts the same steps follow their resolution.
 */
import type { Catalog, NextLine } from '../plugins/manifest.js';
import { activePlugins, conditionHolds, recordedPlugins } from '../plugins/active.js';
import type { ReconcileReport } from '../reconcile/types.js';
import type { AppSpec, ProjectState } from '../record/state.js';

/** What a new project's user types next (the generated README says the same). */
export function newProjectCommands(pythonVersion: string): string[] {
  return [`python${pythonVersion} -m venv .venv && . .venv/bin/activate`, 'make install', 'make migrate run'];
}

/** Actions that leave a file different from before the run. */
const writes = new Set(['create', 'update', 'merge', 'conflict', 'delete']);

/** The steps after a reconcile that wrote `report`: the "Next:" lines, none when nothing needs running. */
export function nextSteps(previous: ProjectState | null, next: ProjectState, report: ReconcileReport, catalog: Catalog): string[] {
  const commands = previous ? changeCommands(previous, next, report, catalog) : newProjectCommands(String(next.answers.pythonVersion));
  if (!commands.length) return [];
  const header = report.conflicts.length ? 'Next, once the conflicts are resolved:' : 'Next:';
  return [header, ...commands.map((command) => `  ${command}`)];
}

function changeCommands(previous: ProjectState, next: ProjectState, report: ReconcileReport, catalog: Catalog): string[] {
  const changed = report.decisions.filter((d) => writes.has(d.action)).map((d) => d.path);
  const commands: string[] = [];
  // The project's venv runs the Python it had: the new version's pins need a venv of it first.
  const python = String(next.answers.pythonVersion);
  const pythonChanged = previous.answers.pythonVersion !== undefined && String(previous.answers.pythonVersion) !== python;
  if (pythonChanged) commands.push(`python${python} -m venv --clear .venv && . .venv/bin/activate`);
  // A locked file merged (or in conflict) is one the team re-locked: `make lock` resolves the
  // merged set as one again (and rewrites a conflicted file) before the install.
  const relocked = report.decisions.some((d) => (d.action === 'merge' || d.action === 'conflict') && d.path.startsWith('base/requirements/locked/'));
  if (relocked) commands.push('make lock');
  if (pythonChanged || changed.some((path) => path.startsWith('base/requirements/'))) commands.push('make install');
  const migrations = appsWithChangedModels(previous.apps, next.apps);
  if (migrations.length) commands.push(`python src/manage.py makemigrations ${migrations.join(' ')}`);
  if (migrations.length || installedAppsChanged(previous, next, catalog)) commands.push('python src/manage.py migrate');
  return [...commands, ...addedPluginSteps(previous, next, catalog)];
}

/**
 * The `next` lines of the plugins this run switched on (a provider console's callback and
 * webhook URLs), answers filled in; of a plugin on before, those `with` a plugin this run switched on.
 */
function addedPluginSteps(previous: ProjectState, next: ProjectState, catalog: Catalog): string[] {
  const before = new Set(recordedPlugins(catalog, previous).map((p) => p.name));
  const fresh = (plugin: string, line: NextLine) => !before.has(plugin) || (typeof line !== 'string' && line.with !== undefined && !before.has(line.with));
  const active = activePlugins(catalog, next);
  const on = new Set(active.map((plugin) => plugin.name));
  return active.flatMap((plugin) =>
    (plugin.next ?? []).filter((line) => fresh(plugin.name, line) && conditionHolds(line, plugin, on, next.answers)).map((line) => filledIn(lineOf(line), next.answers)),
  );
}

const lineOf = (line: NextLine): string => (typeof line === 'string' ? line : line.line);

/** `{name}` of a recorded answer replaced by its value (`{domain}`, `{dfApiNamespace}`); other braces kept. */
const filledIn = (text: string, answers: ProjectState['answers']): string =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (answers[name] === undefined ? whole : String(answers[name])));

/** Generated apps whose models differ from the record before (adopted apps are the user's to migrate). */
function appsWithChangedModels(before: AppSpec[], after: AppSpec[]): string[] {
  return after
    .filter((app) => !app.adopted && JSON.stringify(app.models) !== JSON.stringify(before.find((b) => b.name === app.name)?.models ?? []))
    .map((app) => app.name);
}

/** The plugins (their apps) or the database changed: tables may be missing. */
function installedAppsChanged(previous: ProjectState, next: ProjectState, catalog: Catalog): boolean {
  // The record before the run may name a plugin no longer offered (the run removing it).
  const names = (plugins: { name: string }[]) => plugins.map((p) => p.name).sort().join(' ');
  return names(recordedPlugins(catalog, previous)) !== names(activePlugins(catalog, next)) || previous.answers.database !== next.answers.database;
}
