/**
 * `djangoflow adopt-app <name>`: records an app the user made by hand in src/apps/ as
 * adopted. An adopted app renders nothing: its files and its LOCAL_APPS line stay the
 * user's (so it is never listed twice), and only .yo-rc.json changes, through the pipeline.
 */
import type { CommandInput } from '../../lib/run/command.js';
import { adoptAppNext } from '../../lib/model/app-commands.js';
import { adoptedLines } from '../../lib/model/adopted-steps.js';
import { UserError } from '../../lib/input/errors.js';
import { quoted } from '../../lib/input/text.js';
import { exitCodes } from '../../lib/run/exit-codes.js';
import { reconcileProject } from '../../lib/run/pipeline.js';
import { openProject } from '../../lib/record/project-state.js';
import { reconcileMode } from '../options.js';
import type { AdoptAppOptions } from './spec.js';

export async function run(input: CommandInput<AdoptAppOptions>): Promise<number> {
  const [name, ...extra] = input.positionals;
  if (!name) throw new UserError('adopt-app needs the app name: djangoflow adopt-app <name>');
  if (extra.length) throw new UserError(`unexpected argument ${quoted(extra[0]!)} (adopt-app takes one app)`);
  const project = openProject(input.cwd, input.templates);
  // The next state (and every refusal) is lib/model/app-commands.ts's, shared with `djangoflow ui`.
  const next = adoptAppNext(project.previous, input.cwd, name, input.templates);
  const code = await reconcileProject(project, next, input.templates, reconcileMode(input.options), input.out);
  if (code === exitCodes.done && !input.options.dryRun) adoptedLines(input.cwd, name).forEach((line) => input.out(line));
  return code;
}
