/**
 * The model command's changes to the record, as pure functions of the state: add a model or
 * fields, take fields or a model out, and the project-wide checks the result must pass.
 * Each refusal is one line naming the app, model and field.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../input/errors.js';
import { checkForeignKeyCycles, checkModelNames, checkTargets, modelNameProblem } from './fields.js';
import { fieldsPointingAt, knownModels } from './relations.js';
import { reverseNameClashes } from './reverse-names.js';
import { appsDir } from './app-names.js';
import { fieldTypes } from '../render/field-types.js';
import type { AppSpec, ModelField, ModelSpec, ProjectState } from '../record/state.js';
import type { TemplateSet } from '../template-set/index.js';

export interface Change {
  state: ProjectState;
  /** `blog.Post.title`: required fields without a default added to a model that had rows. */
  requiredOnExisting: string[];
}

/** The recorded app, or why the command cannot change it. */
export function recordedApp(state: ProjectState, cwd: string, name: string, templates?: TemplateSet): AppSpec {
  const app = state.apps.find((a) => a.name === name);
  if (app?.adopted) {
    // Its models.py, admin and tests are the user's: no generated module could join them without an edit of theirs.
    throw new UserError(
      `app "${name}" was adopted (djangoflow adopt-app): its files stay yours and model never writes into them; write the model in ${appsDir}/${name}/models.py yourself, or generate it in an app djangoflow made: djangoflow startapp NAME --model Model field:type ...`,
    );
  }
  if (app) return app;
  if (templates?.core.starterApps.some((starter) => starter.name === name)) {
    throw new UserError(`"${name}" is a starter app of the project: djangoflow does not generate its models; edit ${appsDir}/${name}/models.py`);
  }
  if (existsSync(join(cwd, appsDir, name)) || existsSync(join(cwd, 'src', name))) {
    throw new UserError(`app "${name}" was made by hand and djangoflow has no record of it: model changes only apps made by djangoflow startapp (\`djangoflow adopt-app ${name}\` records it, its files left as they are)`);
  }
  throw new UserError(`the project has no app "${name}"; create it first: djangoflow startapp ${name}`);
}

const withApp = (state: ProjectState, app: AppSpec): ProjectState => ({
  ...state,
  apps: state.apps.map((a) => (a.name === app.name ? app : a)),
});

/** A required column added to a table that may hold rows needs a value for them. */
function needsValueForRows(field: ModelField): boolean {
  const type = fieldTypes[field.type]!;
  const defaulted = type.options.some((o) => o.startsWith('default=') || o === 'blank=True') || type.generated;
  return !field.optional && field.default === undefined && type.relation !== 'm2m' && !defaulted;
}

/**
 * Adds the fields to `app.Model`, creating the model when the app lacks it. From a schema
 * file (`where` set) a field recorded with the very same spec is left as it is.
 */
export function addFields(
  state: ProjectState,
  cwd: string,
  appName: string,
  modelName: string,
  fields: ModelField[],
  where = '',
  pagesGiven = false,
): Change {
  const at = where ? `${where}: ` : '';
  const app = recordedApp(state, cwd, appName);
  const problem = modelNameProblem(modelName);
  if (problem) throw new UserError(`${at}${problem}`);
  const names = fields.map((f) => f.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new UserError(`${at}model ${modelName}: field "${twice}" is given twice`);
  const existing = app.models.find((m) => m.name.toLowerCase() === modelName.toLowerCase());
  if (existing && existing.name !== modelName) throw new UserError(`${at}app ${appName} has the model ${existing.name} already`);
  if (!existing) {
    const model: ModelSpec = { name: modelName, fields };
    return { state: withApp(state, { ...app, models: [...app.models, model] }), requiredOnExisting: [] };
  }
  const added: ModelField[] = [];
  for (const field of fields) {
    const same = existing.fields.find((f) => f.name === field.name);
    if (same && where && JSON.stringify(same) === JSON.stringify(field)) continue;
    if (same) {
      throw new UserError(`${at}${appName}.${modelName} has a field "${field.name}" already; take it out first: --remove-field ${field.name}`);
    }
    added.push(field);
  }
  if (!fields.length && !where && !pagesGiven) {
    throw new UserError(`${appName}.${modelName} exists; give fields to add (title:str), --remove-field NAME, --remove or --pages/--no-pages`);
  }
  const model = { ...existing, fields: [...existing.fields, ...added] };
  return {
    state: withApp(state, { ...app, models: app.models.map((m) => (m === existing ? model : m)) }),
    requiredOnExisting: added.filter(needsValueForRows).map((f) => `${appName}.${modelName}.${f.name}`),
  };
}

function modelOf(app: AppSpec, modelName: string): ModelSpec {
  const model = app.models.find((m) => m.name === modelName);
  if (!model) throw new UserError(`app ${app.name} has no model "${modelName}" (models: ${app.models.map((m) => m.name).join(', ') || 'none'})`);
  return model;
}

/** Gives the model its HTML pages, or takes them out (`--no-pages`): recorded as `pages: true` or nothing. */
export function withPages(state: ProjectState, appName: string, modelName: string, pages: boolean): ProjectState {
  const app = state.apps.find((a) => a.name === appName)!;
  const model = modelOf(app, modelName);
  const { pages: _, ...rest } = model;
  const changed: ModelSpec = pages ? { ...rest, pages: true } : rest;
  return withApp(state, { ...app, models: app.models.map((m) => (m === model ? changed : m)) });
}

export function removeFields(state: ProjectState, appName: string, modelName: string, names: readonly string[]): ProjectState {
  const app = state.apps.find((a) => a.name === appName)!;
  const model = modelOf(app, modelName);
  const missing = names.find((name) => !model.fields.some((f) => f.name === name));
  if (missing !== undefined) throw new UserError(`${appName}.${modelName} has no field "${missing}" (fields: ${model.fields.map((f) => f.name).join(', ') || 'none'})`);
  const kept = { ...model, fields: model.fields.filter((f) => !names.includes(f.name)) };
  return withApp(state, { ...app, models: app.models.map((m) => (m === model ? kept : m)) });
}

export function removeModel(state: ProjectState, appName: string, modelName: string): ProjectState {
  const app = state.apps.find((a) => a.name === appName)!;
  const model = modelOf(app, modelName);
  const pointing = fieldsPointingAt(state, `${appName}.${modelName}`);
  if (pointing.length) {
    throw new UserError(`${appName}.${modelName} is the target of ${pointing.join(', ')}; take those fields out first (--remove-field)`);
  }
  return withApp(state, { ...app, models: app.models.filter((m) => m !== model) });
}

/** The checks startapp makes on a new app, made on every recorded app of the next state. */
export function validated(state: ProjectState, templates: TemplateSet): ProjectState {
  const known = knownModels(state, templates);
  for (const app of state.apps) {
    checkModelNames(app.models, app.name);
    checkTargets(app.models, app.name, known);
    checkForeignKeyCycles(app.models, app.name);
  }
  const [clash] = reverseNameClashes(state.apps);
  if (clash) throw new UserError(clash.problem);
  return state;
}
