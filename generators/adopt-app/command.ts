/**
 * `djangoflow adopt-app <name>`: records an app the user made by hand in src/apps/ as
 * adopted. An adopted app renders nothing: its files and its LOCAL_APPS line stay the
 * user's (so it is never listed twice), and only .yo-rc.json changes, through the pipeline.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandInput } from '../../lib/command.js';
import { UserError } from '../../lib/errors.js';
import { quoted } from '../../lib/text.js';
import { exitCodes } from '../../lib/exit-codes.js';
import { pythonNameProblem } from '../../lib/naming.js';
import { generatorVersion } from '../../lib/paths.js';
import { reconcileProject } from '../../lib/pipeline.js';
import { openProject } from '../../lib/project-state.js';
import type { ProjectState } from '../../lib/state.js';
import { reconcileMode } from '../options.js';
import type { AdoptAppOptions } from './spec.js';

/** Where the project's own apps live (as startapp writes them). */
const appsDir = 'src/apps';

export async function run(input: CommandInput<AdoptAppOptions>): Promise<number> {
  const [name, ...extra] = input.positionals;
  if (!name) throw new UserError('adopt-app needs the app name: djangoflow adopt-app <name>');
  if (extra.length) throw new UserError(`unexpected argument ${quoted(extra[0]!)} (adopt-app takes one app)`);
  const project = openProject(input.cwd, input.templates);
  const { previous } = project;
  if (previous.version !== generatorVersion()) {
    throw new UserError(`this project was last rendered by djangoflow ${previous.version}; run \`djangoflow upgrade\` first, then adopt-app`);
  }
  const recorded = previous.apps.find((app) => app.name === name);
  if (recorded) throw new UserError(`app "${name}" is recorded already (${recorded.adopted ? 'adopted' : 'made by startapp'})`);
  if (input.templates.core.starterApps.some((app) => app.name === name)) {
    throw new UserError(`"${name}" is a starter app of the project: djangoflow renders it already`);
  }
  const problem = pythonNameProblem(name, 'app name');
  if (problem) throw new UserError(problem);
  const dir = join(appsDir, name);
  if (!existsSync(join(input.cwd, dir))) throw new UserError(`${dir} does not exist: adopt-app records an app made by hand there`);
  if (!existsSync(join(input.cwd, dir, 'apps.py'))) throw new UserError(`${dir} has no apps.py: it is not a Django app`);

  const next: ProjectState = { ...previous, apps: [...previous.apps, { name, models: [], adopted: true }] };
  const code = await reconcileProject(project, next, input.templates, reconcileMode(input.options), input.out);
  if (code === exitCodes.done && !input.options.dryRun) input.out(`Recorded ${dir}/ as adopted: its files and its LOCAL_APPS line stay yours.`);
  return code;
}
