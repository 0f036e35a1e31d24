/**
 * `djangoflow model <app> <Model> field:type ...`: adds a model to a recorded app, or fields to
 * one of its models; `--remove-field` and `--remove` take them out; `--from schema.yaml` adds
 * many at once. Only the record changes here: the pipeline renders it and reconciles the
 * project by 3-way merge, so the user's own edits to the app's files stay.
 */
import type { CommandInput } from '../../lib/run/command.js';
import { UserError } from '../../lib/input/errors.js';
import { exitCodes } from '../../lib/run/exit-codes.js';
import { modelNext, requireCurrentVersion } from '../../lib/model/app-commands.js';
import { reconcileProject } from '../../lib/run/pipeline.js';
import { openProject } from '../../lib/record/project-state.js';
import type { ProjectState } from '../../lib/record/state.js';
import { reconcileMode } from '../options.js';
import { addFields, type Change, recordedApp, validated, withPages } from '../../lib/model/change.js';
import { readSchema } from './schema.js';
import type { ModelOptions } from './spec.js';

export async function run(input: CommandInput<ModelOptions>): Promise<number> {
  const project = openProject(input.cwd, input.templates);
  const { previous } = project;
  requireCurrentVersion(previous, 'model');
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
    const [appName = '', modelName = '', ...words] = input.positionals;
    const request = { app: appName, model: modelName, words, removeFields: options.removeField, remove: Boolean(options.remove), pages: options.pages };
    const result = modelNext(previous, input.cwd, request, input.templates);
    next = result.state;
    changes.push(...result.changes);
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
