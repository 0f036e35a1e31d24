/**
 * The next state of `startapp`, of `model` (without `--from`) and of `adopt-app`, as functions
 * of the record and the command's words: the commands call them, and so does `djangoflow ui`,
 * so a change made from the page is the CLI's change, refused with the CLI's messages. Nothing
 * is written; adopt-app's folders are only read (after the name is checked).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { appNameProblem, appsDir } from './app-names.js';
import { onlyLeftovers } from '../reconcile/leftovers.js';
import { UserError } from '../input/errors.js';
import { checkForeignKeyCycles, checkModelNames, checkTargets, fieldWords, parseField, parseModels } from './fields.js';
import { addFields, type Change, recordedApp, removeFields, removeModel, validated, withPages } from './change.js';
import { knownModels } from './relations.js';
import { pythonNameProblem } from '../input/naming.js';
import { generatorVersion } from '../template-set/paths.js';
import { reverseNameClashes } from './reverse-names.js';
import type { AppSpec, ModelField, ModelSpec, ProjectState } from '../record/state.js';
import type { TemplateSet } from '../template-set/index.js';

/** A command that changes the record runs on a project of this generator's version only. */
export function requireCurrentVersion(previous: ProjectState, command: string): void {
  if (previous.version !== generatorVersion()) {
    throw new UserError(`this project was last rendered by djangoflow ${previous.version}; run \`djangoflow upgrade\` first, then ${command}`);
  }
}

/** `startapp <name> [--model "Post title:str" ...] [--pages]`: the record plus one app. */
export async function startappNext(previous: ProjectState, cwd: string, name: string, modelValues: readonly string[], pages: boolean, templates: TemplateSet): Promise<ProjectState> {
  const leftover = pythonNameProblem(name, 'app name') === null && (await onlyLeftovers(cwd, `${appsDir}/${name}`));
  const problem = appNameProblem(name, cwd, previous, templates, leftover);
  if (problem) throw new UserError(problem);
  const parsed = parseModels(modelValues, name);
  if (pages && !parsed.length) throw new UserError('--pages gives pages to the app\'s models: give them with --model Post title:str');
  // Recorded per model, as `model --pages` records it: one field of the record drives the pages.
  const models: ModelSpec[] = pages ? parsed.map((model) => ({ ...model, pages: true })) : parsed;
  checkModelNames(models, name);
  checkTargets(models, name, knownModels(previous, templates));
  checkForeignKeyCycles(models, name);
  const app: AppSpec = { name, models };
  const next: ProjectState = { ...previous, apps: [...previous.apps, app] };
  // Reverse names are project-wide: the new app's relations are checked with every other app's.
  const [clash] = reverseNameClashes(next.apps);
  if (clash) throw new UserError(clash.problem);
  return next;
}

/** `model <app> <Model> field:type ... [--remove-field NAME ...] [--remove] [--pages|--no-pages]`. */
export interface ModelRequest {
  app: string;
  model: string;
  words: readonly string[];
  removeFields?: readonly string[];
  remove?: boolean;
  /** Absent: the pages stay as they are. */
  pages?: boolean;
}

export interface ModelNext {
  state: ProjectState;
  changes: Change[];
}

export function modelNext(previous: ProjectState, cwd: string, request: ModelRequest, templates: TemplateSet): ModelNext {
  const { app: appName, model: modelName } = request;
  if (!appName || !modelName) throw new UserError('model needs an app and a model: djangoflow model blog Post title:str');
  recordedApp(previous, cwd, appName, templates);
  const fields: ModelField[] = fieldWords(request.words).map((word) => parseField(word, modelName, appName));
  const removing = request.removeFields ?? [];
  const pagesGiven = request.pages !== undefined;
  let next = previous;
  const changes: Change[] = [];
  if (request.remove) {
    if (fields.length || removing.length || pagesGiven) throw new UserError('--remove takes the whole model out: give no fields or --pages with it');
    next = removeModel(next, appName, modelName);
  } else {
    if (removing.length) next = removeFields(next, appName, modelName, removing);
    if (fields.length || !removing.length) {
      const change = addFields(next, cwd, appName, modelName, fields, '', pagesGiven);
      next = change.state;
      changes.push(change);
    }
    if (pagesGiven) next = withPages(next, appName, modelName, Boolean(request.pages));
  }
  return { state: validated(next, templates), changes };
}

/** Why `adopt-app <name>` refuses the app (its one-line message), or undefined: the name is checked before any folder is read. */
export function adoptProblem(previous: ProjectState, cwd: string, name: string, templates: TemplateSet): string | undefined {
  const recorded = previous.apps.find((app) => app.name === name);
  if (recorded) return `app "${name}" is recorded already (${recorded.adopted ? 'adopted' : 'made by startapp'})`;
  if (templates.core.starterApps.some((app) => app.name === name)) return `"${name}" is a starter app of the project: djangoflow renders it already`;
  const problem = pythonNameProblem(name, 'app name');
  if (problem) return problem;
  const dir = join(appsDir, name);
  if (!existsSync(join(cwd, dir))) return `${dir} does not exist: adopt-app records an app made by hand there`;
  if (!existsSync(join(cwd, dir, 'apps.py'))) return `${dir} has no apps.py: it is not a Django app`;
  return undefined;
}

/** `adopt-app <name>`: the record plus the hand-made app as adopted (it renders nothing: its files stay the user's). */
export function adoptAppNext(previous: ProjectState, cwd: string, name: string, templates: TemplateSet): ProjectState {
  requireCurrentVersion(previous, 'adopt-app');
  const problem = adoptProblem(previous, cwd, name, templates);
  if (problem) throw new UserError(problem);
  return { ...previous, apps: [...previous.apps, { name, models: [], adopted: true }] };
}

/** The folders of src/apps/ that `adopt-app` would take (a Django app, a good name, not recorded), sorted. */
export function adoptableApps(previous: ProjectState, cwd: string, templates: TemplateSet): string[] {
  const root = join(cwd, appsDir);
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((name) => !adoptProblem(previous, cwd, name, templates)).sort();
}
