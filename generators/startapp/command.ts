import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from '../../lib/cli/commands.js';
import { buildContext } from '../../lib/context.js';
import { UserError } from '../../lib/errors.js';
import { kebab } from '../../lib/naming.js';
import { generatorVersion, templatesDir } from '../../lib/paths.js';
import { loadCatalog } from '../../lib/plugins.js';
import { exitCodes, loadProject, modeFrom, reconcileProject } from '../../lib/project.js';
import type { AppSpec, ModelSpec, ProjectState } from '../../lib/state.js';
import { checkForeignKeyCycles, checkModelNames, checkTargets, type KnownModels, parseModels } from './fields.js';
import { appNameProblem, appsDir } from './names.js';
import { userModel } from './template-data.js';

/**
 * `djangoflow startapp <name> [--model Post title:str ...]`: records the app in the
 * project state and reconciles the project with the new render. The app's files appear,
 * and LOCAL_APPS, the URLs and the API router pick it up from the state: nothing edits
 * the user's files except through the 3-way merge.
 */
export async function run(context: CommandContext): Promise<number> {
  const [name, ...extra] = context.positionals;
  if (!name) throw new UserError('startapp needs the app name: djangoflow startapp <name> [--model Post title:str ...]');
  if (extra.some((word) => word.includes(':'))) {
    // yo passes one word per --model: the fields then arrive as arguments.
    const field = extra.find((word) => word.includes(':'));
    throw new UserError(`field "${field}" is not part of a --model; quote each model with its fields: --model "Post title:str body:text"`);
  }
  if (extra.length) throw new UserError(`unexpected argument "${extra[0]}" (models go after --model)`);

  const previous = loadProject(context.cwd);
  if (previous.version !== generatorVersion()) {
    throw new UserError(
      `this project was last rendered by djangoflow ${previous.version}; run \`djangoflow upgrade\` first, then startapp`,
    );
  }
  const templates = templatesDir();
  const project = buildContext(previous, templates);
  const problem = appNameProblem(name, context.cwd, project, [...loadCatalog(templates).values()]);
  if (problem) throw new UserError(problem);

  const models = parseModels(modelValues(context.values.model), name);
  checkModelNames(models);
  checkTargets(models, name, knownModels(previous));
  checkForeignKeyCycles(models, name);

  const app: AppSpec = { name, models };
  const next: ProjectState = { ...previous, apps: [...previous.apps, app] };
  // Issue 14: "Added" only when this run created the app's folder.
  const appFolder = join(context.cwd, appsDir, name, '__init__.py');
  const existed = existsSync(appFolder);
  const code = await reconcileProject(context.cwd, previous, next, modeFrom(context), context.out);
  if (code === exitCodes.done && !context.values['dry-run']) {
    if (!existed && existsSync(appFolder)) nextSteps(app, models).forEach((line) => context.out(line));
    else context.out(`${name} is recorded, but ${appsDir}/${name}/ was ${existed ? 'already there' : 'not created'}; see the lines above for what changed`);
  }
  return code;
}

/** `--model` arrives as a list from the bin and Yeoman, or as one string. */
function modelValues(value: unknown): string[] {
  if (value === undefined || value === false) return [];
  if (Array.isArray(value)) return value.map(String);
  if (value === true) throw new UserError('--model needs a model: --model Post title:str');
  return [String(value)];
}

/** The models a relation may point at: the starter user model and every recorded app's models. */
function knownModels(state: ProjectState): KnownModels {
  const [userApp, userClass] = userModel.split('.');
  const known: KnownModels = new Map([
    [userApp, new Set([userClass])],
    ['core', new Set<string>()],
  ]);
  for (const app of state.apps) known.set(app.name, new Set(app.models.map((m) => m.name)));
  return known;
}

function nextSteps(app: AppSpec, models: ModelSpec[]): string[] {
  const lines = [`Added ${appsDir}/${app.name}/, registered in LOCAL_APPS, its pages at /${kebab(app.name)}/.`];
  if (models.length) {
    lines.push(
      'Next: create its migration and apply it:',
      `  python src/manage.py makemigrations ${app.name}`,
      '  python src/manage.py migrate',
    );
  }
  return lines;
}
