/**
 * `djangoflow model <app> <Model> field:type ...`: adds a model to a recorded app, or fields to
 * one of its models; `--remove-field` and `--remove` take them out; `--from schema.yaml` adds
 * many at once. Only the record changes here: the pipeline renders it and reconciles the
 * project by 3-way merge, so the user's own edits to the app's files stay.
 */
import type { CommandInput } from '../../lib/command.js';
import { UserError } from '../../lib/errors.js';
import { exitCodes } from '../../lib/exit-codes.js';
import { fieldWords, parseField } from '../../lib/model-fields.js';
import { generatorVersion } from '../../lib/paths.js';
import { reconcileProject } from '../../lib/pipeline.js';
import { openProject } from '../../lib/project-state.js';
import type { ModelField, ProjectState } from '../../lib/state.js';
import { reconcileMode } from '../options.js';
import { addFields, type Change, recordedApp, removeFields, removeModel, validated, withPages } from './change.js';
import { readSchema } from './schema.js';
import type { ModelOptions } from './spec.js';

export async function run(input: CommandInput<ModelOptions>): Promise<number> {
  const project = openProject(input.cwd, input.templates);
  const { previous } = project;
  if (previous.version !== generatorVersion()) {
    throw new UserError(`this project was last rendered by djangoflow ${previous.version}; run \`djangoflow upgrade\` first, then model`);
  }
  const { options } = input;
  let next: ProjectState = previous;
  const changes: Change[] = [];
  if (options.from !== undefined) {
    if (!options.from.trim()) throw new UserError('--from needs a schema file: --from schema.yaml');
    if (input.positionals.length || options.remove || options.removeField?.length || options.pages !== undefined) {
      throw new UserError('--from takes the models from the file: give no app, model or other change with it');
    }
    for (const entry of readSchema(input.cwd, options.from)) {
      try {
        recordedApp(next, input.cwd, entry.app, input.templates);
      } catch (error) {
        throw error instanceof UserError ? new UserError(`${entry.where}: ${error.message}`) : error;
      }
      const change = addFields(next, input.cwd, entry.app, entry.model, entry.fields, entry.where);
      next = entry.pages === undefined ? change.state : withPages(change.state, entry.app, entry.model, entry.pages);
      changes.push(change);
    }
  } else {
    const [appName, modelName, ...words] = input.positionals;
    if (!appName || !modelName) throw new UserError('model needs an app and a model: djangoflow model blog Post title:str');
    recordedApp(previous, input.cwd, appName, input.templates);
    const fields: ModelField[] = fieldWords(words).map((word) => parseField(word, modelName, appName));
    const pagesGiven = options.pages !== undefined;
    if (options.remove) {
      if (fields.length || options.removeField?.length || pagesGiven) throw new UserError('--remove takes the whole model out: give no fields or --pages with it');
      next = removeModel(next, appName, modelName);
    } else {
      if (options.removeField?.length) next = removeFields(next, appName, modelName, options.removeField);
      if (fields.length || !options.removeField?.length) {
        const change = addFields(next, input.cwd, appName, modelName, fields, '', pagesGiven);
        next = change.state;
        changes.push(change);
      }
      if (pagesGiven) next = withPages(next, appName, modelName, Boolean(options.pages));
    }
  }
  validated(next, input.templates);

  const code = await reconcileProject(project, next, input.templates, reconcileMode(input.options), input.out);
  if (code !== exitCodes.done || options.dryRun) return code;
  for (const change of changes) {
    for (const field of change.requiredOnExisting) {
      input.out(`Note: ${field} is required and has no default: makemigrations asks for a value for the rows that exist.`);
    }
  }
  return code;
}
