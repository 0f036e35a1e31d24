/**
 * Which plugins are on: those the answers enable, those recorded, and what they require, in
 * dependency order. The one place that decides it (activePlugins).
 */
import { UserError } from '../input/errors.js';
import { findQuestion } from '../questions/table.js';
import { type Answers, answerHolds, answerItems, optionName } from '../questions/question.js';
import type { ProjectState } from '../record/state.js';
import type { Catalog, PluginCondition, PluginManifest } from './manifest.js';

/** Plugins switched on by the answers of the main questions. */
export function pluginsFromAnswers(catalog: Catalog, answers: Answers): string[] {
  return [...catalog.values()]
    .filter((p) => p.enabledBy && p.enabledBy.values.some((value) => answerHolds(findQuestion(p.enabledBy!.question), answers[p.enabledBy!.question], value)))
    .map((p) => p.name);
}

/**
 * The active plugins in dependency order (requirements first): the explicit ones, those the
 * answers enable, and everything they require. Unknown names and conflicts are refused, and
 * plugins not offered unless `keepUnavailable` (a record read, never a render).
 */
export function resolvePlugins(catalog: Catalog, wanted: string[], keepUnavailable = false): PluginManifest[] {
  const ordered: PluginManifest[] = [];
  const visiting = new Set<string>();
  const visit = (name: string, neededBy?: string) => {
    const plugin = catalog.get(name);
    if (!plugin) {
      const suffix = neededBy ? ` (required by ${neededBy})` : '';
      throw new UserError(`unknown plugin "${name}"${suffix}; see: djangoflow plugin --list`);
    }
    if (ordered.includes(plugin) || visiting.has(name)) return;
    if (plugin.unavailable && !keepUnavailable) {
      const suffix = neededBy ? ` (required by ${neededBy})` : '';
      throw new UserError(`plugin ${name}${suffix} is not offered: ${plugin.unavailable}`);
    }
    visiting.add(name);
    for (const dependency of plugin.requires) visit(dependency, name);
    ordered.push(plugin);
  };
  for (const name of wanted) visit(name);
  const onePlugins = ordered.filter((plugin) => plugin.requiresOneOf?.length);
  for (const plugin of onePlugins) {
    const names = plugin.requiresOneOf!;
    if (!names.some((name) => ordered.some((other) => other.name === name))) {
      throw new UserError(`${plugin.name} needs one of ${names.join(', ')} on (djangoflow plugin <one of them>)`);
    }
  }
  // Those of requiresOneOf that are on come first: their settings sections are imported before.
  if (onePlugins.length) {
    const on = new Set(ordered.map((plugin) => plugin.name));
    const order = (plugin: PluginManifest, seen: Set<string>): string[] =>
      seen.has(plugin.name)
        ? []
        : (seen.add(plugin.name),
          [...[...plugin.requires, ...(plugin.requiresOneOf ?? [])].filter((name) => on.has(name)).flatMap((name) => order(catalog.get(name)!, seen)), plugin.name]);
    const seen = new Set<string>();
    const names = ordered.flatMap((plugin) => order(plugin, seen));
    ordered.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  }
  for (const plugin of ordered) {
    const clash = ordered.find((other) => plugin.conflicts.includes(other.name));
    if (clash) throw new UserError(`plugin ${plugin.name} conflicts with ${clash.name}; remove one of them`);
  }
  return ordered;
}

/**
 * The plugins a recorded state has on, those no longer offered included: what a project on
 * disk holds (to take one out, to list it), never what is rendered (`activePlugins`).
 */
export function recordedPlugins(catalog: Catalog, state: Pick<ProjectState, 'answers' | 'plugins'>): PluginManifest[] {
  return resolvePlugins(catalog, [...new Set([...pluginsFromAnswers(catalog, state.answers), ...state.plugins])], true);
}

/** Resolved once per state object: a plugin run asks about the same states several times. */
const resolved = new WeakMap<Catalog, WeakMap<Pick<ProjectState, 'answers' | 'plugins'>, PluginManifest[]>>();

/**
 * The plugins active in a state: those its answers enable, those it records explicitly,
 * and what they require, in dependency order. The only place that decides it.
 */
export function activePlugins(catalog: Catalog, state: Pick<ProjectState, 'answers' | 'plugins'>): PluginManifest[] {
  let byState = resolved.get(catalog);
  if (!byState) resolved.set(catalog, (byState = new WeakMap()));
  let active = byState.get(state);
  if (!active) {
    active = resolvePlugins(catalog, [...new Set([...pluginsFromAnswers(catalog, state.answers), ...state.plugins])]);
    byState.set(state, active);
  }
  return active;
}

/**
 * Refuses a state to be rendered with a plugin on and a main answer it cannot run with (its
 * `refusedAnswers`), saying what to answer instead. For the state a command is about to
 * write, never for a recorded one (an older generator's record still renders as the merge base).
 */
export function refuseAnswers(catalog: Catalog, state: Pick<ProjectState, 'answers' | 'plugins'>): void {
  const active = activePlugins(catalog, state);
  const answers = state.answers;
  for (const plugin of active) {
    for (const refused of plugin.refusedAnswers ?? []) {
      const question = findQuestion(refused.question)!;
      if (!refused.values.some((value) => answerHolds(question, answers[question.name], value))) continue;
      const neededBy = active.find((other) => other.requires.includes(plugin.name));
      const others = (question.choices ?? []).map((choice) => choice.value).filter((value) => !refused.values.includes(value));
      throw new UserError(
        `plugin ${plugin.name}${neededBy ? ` (required by ${neededBy.name})` : ''} does not work with --${optionName(question)} ${String(answers[question.name])}: ${refused.reason}; ` +
          `answer --${optionName(question)} ${others.join(' or ')}, or leave the plugin out`,
      );
    }
  }
}

/**
 * Whether an entry of `plugin`'s manifest applies: a plain entry always; a conditional one
 * while its `with` plugin is on and the plugin's answer holds its item (the question's
 * default until answered, as the plugin's templates read it).
 */
export function conditionHolds(entry: string | PluginCondition, plugin: PluginManifest, active: ReadonlySet<string>, answers: Answers): boolean {
  if (typeof entry === 'string') return true;
  if (entry.with && !active.has(entry.with)) return false;
  const answer = (question: string) => answers[question] ?? plugin.questions.find((q) => q.name === question)?.default;
  return Object.entries(entry.item ?? {}).every(([question, item]) => answerItems(answer(question)).includes(item));
}
