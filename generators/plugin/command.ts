/**
 * `djangoflow plugin <name>` adds a plugin, `--remove <name>` takes it out, `--list` shows the
 * catalog. Both changes go through the recorded state and one reconcile, like every command:
 * requirements, settings, urls, env, compose and CI change together and user edits stay.
 */
import { resolveAnswers } from '../../lib/answers.js';
import type { CommandInput } from '../../lib/command.js';
import { UserError } from '../../lib/errors.js';
import { exitCodes } from '../../lib/exit-codes.js';
import { reconcileProject } from '../../lib/pipeline.js';
import { type Catalog, pluginQuestion } from '../../lib/plugins.js';
import { openFolder, openProject } from '../../lib/project-state.js';
import { optionName, type Question } from '../../lib/questions.js';
import { splitWizardAnswers } from '../../lib/settings/wizard.js';
import type { ProjectState } from '../../lib/state.js';
import { givenAnswers, reconcileMode } from '../options.js';
import { catalogLines } from './list.js';
import { nextSteps } from './next-steps.js';
import { enablingQuestion, pluginOptions } from './options.js';
import type { PluginOptions } from './spec.js';
import { dropStaleAnswers, findPlugin, newlyActive, withoutPlugin, withPlugin } from './toggle.js';

type Input = CommandInput<PluginOptions>;

export async function run(input: Input): Promise<number> {
  const catalog = input.templates.catalog;
  const { values, positionals, options } = input;
  if (options.list) {
    if (positionals.length || options.remove) throw new UserError('--list takes no plugin name and no --remove');
    // Listing changes nothing: a record naming a plugin no longer offered is shown as it is.
    const unavailable = [...catalog.values()].filter((plugin) => plugin.unavailable).map((plugin) => plugin.name);
    const { previous } = openFolder(input.cwd, input.templates, { unavailableAllowed: unavailable });
    catalogLines(catalog, previous).forEach((line) => input.out(line));
    return exitCodes.done;
  }
  if (positionals.length !== 1) {
    throw new UserError(
      positionals.length
        ? `one plugin at a time; got ${positionals.join(', ')}`
        : options.remove
          ? 'name the plugin to remove: djangoflow plugin --remove <name> (or djangoflow plugin <name> --remove)'
          : 'name a plugin (djangoflow plugin <name>), or see: djangoflow plugin --list',
    );
  }
  const [name] = positionals as [string];
  findPlugin(catalog, name);
  // The one run that may open a record naming a plugin no longer offered: the one taking it out.
  const project = openProject(input.cwd, input.templates, { unavailableAllowed: options.remove ? [name] : [] });
  const { previous } = project;
  const given = givenFor(catalog, values);
  const { next, settings } = options.remove
    ? { next: removing(catalog, previous, name, given), settings: undefined }
    : await adding(catalog, previous, name, given, input);
  const code = await reconcileProject(project, next, input.templates, reconcileMode(options), input.out, settings);
  if (code === exitCodes.done && !options.remove && !options.dryRun) nextSteps(catalog, previous, next).forEach((line) => input.out(line));
  return code;
}

/** The plugin options given on the command line, by question name. */
function givenFor(catalog: Catalog, values: Input['values']): Map<string, { value: unknown; owners: string[]; question: Question }> {
  const options = pluginOptions(catalog);
  const byName = givenAnswers(values, options.map((option) => option.question));
  return new Map(
    options
      .filter(({ question }) => question.name in byName)
      .map(({ question, owners }) => [question.name, { value: byName[question.name], owners, question }]),
  );
}

function refuseForeign(given: ReturnType<typeof givenFor>, usable: Set<string>, name: string): void {
  for (const [questionName, { owners, question }] of given) {
    if (!usable.has(questionName)) {
      throw new UserError(`--${optionName(question)} is an option of ${owners.join(', ')}, not of adding ${name}`);
    }
  }
}

function removing(catalog: Catalog, previous: ProjectState, name: string, given: ReturnType<typeof givenFor>): ProjectState {
  const [first] = given.values();
  if (first) throw new UserError(`--${optionName(first.question)} has no meaning with --remove`);
  return dropStaleAnswers(catalog, previous, withoutPlugin(catalog, previous, name));
}

async function adding(
  catalog: Catalog,
  previous: ProjectState,
  name: string,
  given: ReturnType<typeof givenFor>,
  input: Input,
): Promise<{ next: ProjectState; settings: Map<string, string> }> {
  const plugin = findPlugin(catalog, name);
  const useDefaults = Boolean(input.options.defaults);
  const enabling = enablingQuestion(plugin);
  // Checked before anything is asked: the state without the plugin's own questions answered.
  let next = withPlugin(catalog, previous, name, enabling ? enabling.choices![0]!.value : undefined);
  const asked = newlyActive(catalog, previous, next).flatMap((p) => p.questions.map(pluginQuestion));
  refuseForeign(given, new Set([...(enabling ? [enabling.name] : []), ...asked.map((q) => q.name)]), name);
  const table = [...(enabling ? [enabling] : []), ...asked];
  if (!table.length) return { next, settings: new Map() };
  const answers = await resolveAnswers({
    given: Object.fromEntries([...given].map(([key, { value }]) => [key, value])),
    useDefaults,
    prompter: input.prompter,
    questions: table,
  });
  if (enabling) next = withPlugin(catalog, previous, name, answers[enabling.name]);
  // A wizard's setting answers go to .env, never into the record.
  const wizard = newlyActive(catalog, previous, next).flatMap((p) => p.questions);
  const { recorded, settings } = splitWizardAnswers(wizard, Object.fromEntries(asked.map((q) => [q.name, answers[q.name]!])));
  return { next: { ...next, answers: { ...next.answers, ...recorded } }, settings };
}
