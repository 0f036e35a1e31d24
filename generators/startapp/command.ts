/**
 * `djangoflow startapp <name> [--model Post title:str ...]`: records the app in the
 * project state and reconciles the project with the new render. The app's files appear,
 * and LOCAL_APPS, the URLs and the API router pick it up from the state: nothing edits
 * the user's files except through the 3-way merge.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandInput } from '../../lib/run/command.js';
import { requireCurrentVersion, startappNext } from '../../lib/model/app-commands.js';
import { onlyLeftovers } from '../../lib/reconcile/leftovers.js';
import { appsDir } from '../../lib/model/app-names.js';
import { UserError } from '../../lib/input/errors.js';
import { quoted } from '../../lib/input/text.js';
import { exitCodes } from '../../lib/run/exit-codes.js';
import { kebab } from '../../lib/input/naming.js';
import { reconcileProject } from '../../lib/run/pipeline.js';
import { openProject } from '../../lib/record/project-state.js';
import { reconcileMode } from '../options.js';
import type { StartappOptions } from './spec.js';

export async function run(input: CommandInput<StartappOptions>): Promise<number> {
  const [name, ...extra] = input.positionals;
  if (!name) throw new UserError('startapp needs the app name: djangoflow startapp <name> [--model Post title:str ...]');
  if (extra.some((word) => word.includes(':'))) {
    // yo passes one word per --model: the fields then arrive as arguments.
    const field = extra.find((word) => word.includes(':'));
    throw new UserError(`field "${field}" is not part of a --model; quote each model with its fields: --model "Post title:str body:text"`);
  }
  if (extra.length) throw new UserError(`unexpected argument ${quoted(extra[0]!)} (models go after --model)`);

  const project = openProject(input.cwd, input.templates);
  requireCurrentVersion(project.previous, 'startapp');
  const next = await startappNext(project.previous, input.cwd, name, modelValues(input.options.model), Boolean(input.options.pages), input.templates);
  // Issue 14: "Added" only when this run created the app's folder (or started afresh the one an undone run left).
  const appFolder = join(input.cwd, appsDir, name, '__init__.py');
  const existed = existsSync(appFolder) && !(await onlyLeftovers(input.cwd, `${appsDir}/${name}`));
  const code = await reconcileProject(project, next, input.templates, reconcileMode(input.options), input.out);
  if (code === exitCodes.done && !input.options.dryRun) {
    if (!existed && existsSync(appFolder)) input.out(`Added ${appsDir}/${name}/, registered in LOCAL_APPS, its pages at /${kebab(name)}/.`);
    else input.out(`${name} is recorded, but ${appsDir}/${name}/ was ${existed ? 'already there' : 'not created'}; see the lines above for what changed`);
  }
  return code;
}

/** `--model` arrives as a list from the bin and Yeoman, or as one string. */
function modelValues(value: unknown): string[] {
  if (value === undefined || value === false) return [];
  if (value === true) throw new UserError('--model needs a model: --model Post title:str');
  const values = Array.isArray(value) ? value.map(String) : [String(value)];
  if (values.some((text) => text.trim() === '')) throw new UserError('--model is empty; give a model: --model Post title:str');
  return values;
}
