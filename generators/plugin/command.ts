/**
 * `djangoflow plugin <name>` adds a plugin (or, given its options, changes the answers of one
 * the project has), `--remove <name>` takes it out, `--list` shows the catalog. Every change
 * goes through the recorded state and one reconcile, like every command: requirements,
 * settings, urls, env, compose and CI change together and user edits stay.
 */
import { resolveAnswers } from '../../lib/questions/answers.js';
import type { CommandInput } from '../../lib/run/command.js';
import { UserError } from '../../lib/input/errors.js';
import { exitCodes } from '../../lib/run/exit-codes.js';
import { reconcileProject } from '../../lib/run/pipeline.js';
import { type Catalog } from '../../lib/plugins/manifest.js';
import { pluginQuestion } from '../../lib/plugins/questions.js';
import { openFolder, openProject } from '../../lib/record/project-state.js';
import { findQuestion } from '../../lib/questions/table.js';
import { type AnswerValue, optionName, type Question } from '../../lib/questions/question.js';
import { splitWizardAnswers } from '../../lib/settings/wizard.js';
import { quoted } from '../../lib/input/text.js';
import type { ProjectState } from '../../lib/record/state.js';
import { givenAnswers, reconcileMode } from '../options.js';
import { catalogLines } from './list.js';
import { enablingQuestion, pluginOptions } from './options.js';
import type { PluginOptions } from './spec.js';
import { dropStaleAnswers, findPlugin, newlyActive, presence, withoutPlugin, withPlugin } from './toggle.js';

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
  if (!positionals.length) {
    throw new UserError(
      options.remove
        ? 'name the plugin to remove: djangoflow plugin --remove <name> (or djangoflow plugin <name> --remove)'
        : 'name a plugin (djangoflow plugin <name>), or see: djangoflow plugin --list',
    );
  }
  const twice = positionals.find((name, i) => positionals.indexOf(name) !== i);
  if (twice !== undefined) throw new UserError(`plugin ${quoted(twice)} is named twice`);
  positionals.forEach((name) => findPlugin(catalog, name));
  // The one run that may open a record naming a plugin no longer offered: the one taking it out.
  const project = openProject(input.cwd, input.templates, { unavailableAllowed: options.remove ? positionals : [] });
  const { previous } = project;
  const given = givenFor(catalog, values);
  const present = presence(catalog, previous);
  const { next, settings } = options.remove
    ? { next: removing(catalog, previous, positionals, given), settings: undefined }
    : given.size && positionals.every((name) => present.has(name))
      ? await configuring(catalog, previous, positionals, given)
      : await adding(catalog, previous, positionals, given, input);
  return reconcileProject(project, next, input.templates, reconcileMode(options), input.out, settings);
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

/** The given plugin options' values, by question name, as the answers' resolution takes them. */
const givenValues = (given: ReturnType<typeof givenFor>): Record<string, unknown> => Object.fromEntries([...given].map(([key, { value }]) => [key, value]));

/** `doing`: what the run does with the named plugins (`adding cors`), for the refusal. */
function refuseForeign(given: ReturnType<typeof givenFor>, usable: Set<string>, doing: string): void {
  for (const [questionName, { owners, question }] of given) {
    if (!usable.has(questionName)) {
      throw new UserError(`--${optionName(question)} is an option of ${owners.join(', ')}, not of ${doing}`);
    }
  }
}

/**
 * `plugin <name> --<question> <value>` for plugins the project has on: the answers given
 * replace the recorded ones (an integration wizard's settings go to .env, as when it was
 * added); nothing else is asked. The plugin's own questions only: a main answer that
 * switches it (`--storage`) is the main command's.
 */
async function configuring(
  catalog: Catalog,
  previous: ProjectState,
  names: readonly string[],
  given: ReturnType<typeof givenFor>,
): Promise<{ next: ProjectState; settings: Map<string, string> }> {
  const own = [...new Map(names.flatMap((name) => findPlugin(catalog, name).questions).map((q) => [q.name, q])).values()];
  for (const { question } of given.values()) {
    if (findQuestion(question.name)) throw new UserError(`--${optionName(question)} is a main answer; change it with djangoflow --${optionName(question)} <value>`);
  }
  refuseForeign(given, new Set(own.map((q) => q.name)), `configuring ${names.join(', ')}`);
  const changed = own.filter((q) => given.has(q.name));
  const answers = await resolveAnswers({
    given: givenValues(given),
    recorded: previous.answers,
    useDefaults: true,
    questions: changed.map(pluginQuestion),
  });
  const { recorded, settings } = splitWizardAnswers(changed, answers);
  return { next: { ...previous, answers: { ...previous.answers, ...recorded } }, settings };
}

function removing(catalog: Catalog, previous: ProjectState, names: readonly string[], given: ReturnType<typeof givenFor>): ProjectState {
  const [first] = given.values();
  if (first) throw new UserError(`--${optionName(first.question)} has no meaning with --remove`);
  // In the order given: `plugin --remove celery redis` takes celery out before its dependency.
  const next = names.reduce((state, name) => withoutPlugin(catalog, state, name), previous);
  return dropStaleAnswers(catalog, previous, next);
}

async function adding(
  catalog: Catalog,
  previous: ProjectState,
  names: readonly string[],
  given: ReturnType<typeof givenFor>,
  input: Input,
): Promise<{ next: ProjectState; settings: Map<string, string> }> {
  // A plugin named after one that brings it along (`plugin celery redis`) is already on by then.
  const withAll = (values: Record<string, AnswerValue | undefined>) =>
    names.reduce(
      (state, name) => (!presence(catalog, previous).has(name) && presence(catalog, state).has(name) ? state : withPlugin(catalog, state, name, values[name])),
      previous,
    );
  const enablings = names.flatMap((name) => {
    const enabling = enablingQuestion(findPlugin(catalog, name));
    return enabling ? [{ name, enabling }] : [];
  });
  // Checked before anything is asked: the state without the plugins' own questions answered.
  let next = withAll(Object.fromEntries(enablings.map(({ name, enabling }) => [name, enabling.choices![0]!.value])));
  const asked = [...new Map(newlyActive(catalog, previous, next).flatMap((p) => p.questions.map(pluginQuestion)).map((q) => [q.name, q])).values()];
  const table = [...new Map([...enablings.map(({ enabling }) => enabling), ...asked].map((q) => [q.name, q])).values()];
  refuseForeign(given, new Set(table.map((q) => q.name)), `adding ${names.join(', ')}`);
  if (!table.length) return { next, settings: new Map() };
  const answers = await resolveAnswers({
    given: givenValues(given),
    useDefaults: Boolean(input.options.defaults),
    prompter: input.prompter,
    questions: table,
  });
  if (enablings.length) next = withAll(Object.fromEntries(enablings.map(({ name, enabling }) => [name, answers[enabling.name]])));
  // A wizard's setting answers go to .env, never into the record.
  const wizard = newlyActive(catalog, previous, next).flatMap((p) => p.questions);
  const { recorded, settings } = splitWizardAnswers(wizard, Object.fromEntries(asked.map((q) => [q.name, answers[q.name]!])));
  return { next: { ...next, answers: { ...next.answers, ...recorded } }, settings };
}
