/**
 * What `djangoflow plugin` does to the recorded state, without any file work: a plugin is on
 * because a main answer enables it, because it was added explicitly (`state.plugins`), or
 * because an active plugin requires it. Adding and removing change only the first two; the
 * dependencies follow from the render.
 */
import { UserError } from '../../lib/input/errors.js';
import { type Catalog, type PluginManifest } from '../../lib/plugins/manifest.js';
import { activePlugins, pluginsFromAnswers, recordedPlugins, refuseAnswers } from '../../lib/plugins/active.js';
import { offValue } from '../../lib/plugins/questions.js';
import { findQuestion } from '../../lib/questions/table.js';
import { type AnswerValue, answerWithItems } from '../../lib/questions/question.js';
import type { ProjectState } from '../../lib/record/state.js';
import { didYouMean } from '../../lib/input/suggest.js';
import { quoted } from '../../lib/input/text.js';

export type Presence =
  | { how: 'answer'; question: string; value: AnswerValue }
  | { how: 'explicit' }
  | { how: 'dependency'; requiredBy: string[] };

/** How each plugin of the record is on (one no longer offered too); absent plugins are not in the map. */
export function presence(catalog: Catalog, state: ProjectState): Map<string, Presence> {
  const fromAnswers = new Set(pluginsFromAnswers(catalog, state.answers));
  const active = recordedPlugins(catalog, state);
  const result = new Map<string, Presence>();
  for (const plugin of active) {
    if (fromAnswers.has(plugin.name) && plugin.enabledBy) {
      const question = plugin.enabledBy.question;
      result.set(plugin.name, { how: 'answer', question, value: state.answers[question]! });
    } else if (state.plugins.includes(plugin.name)) {
      result.set(plugin.name, { how: 'explicit' });
    } else {
      const requiredBy = active.filter((other) => other.requires.includes(plugin.name)).map((other) => other.name);
      result.set(plugin.name, { how: 'dependency', requiredBy });
    }
  }
  return result;
}

export function describePresence(p: Presence): string {
  if (p.how === 'answer') return `by answer ${p.question}=${String(p.value)}`;
  if (p.how === 'explicit') return 'explicitly';
  return `required by ${p.requiredBy.join(', ')}`;
}

export function findPlugin(catalog: Catalog, name: string): PluginManifest {
  const plugin = catalog.get(name);
  if (!plugin) throw new UserError(`unknown plugin ${quoted(name)}${didYouMean(name, catalog.keys())}; see: djangoflow plugin --list`);
  return plugin;
}

/**
 * The state with the plugin on: its main answer set to `value` when a question is the
 * plugin, otherwise its name recorded. Dependencies and conflicts are checked on the result.
 */
export function withPlugin(catalog: Catalog, state: ProjectState, name: string, value?: AnswerValue): ProjectState {
  const plugin = findPlugin(catalog, name);
  const present = presence(catalog, state).get(name);
  if (present) {
    const change = plugin.questions.length ? `; change its answers with djangoflow plugin ${name} --<option> <value>` : '';
    throw new UserError(`plugin ${name} is already in this project (${describePresence(present)})${change}`);
  }
  const question = plugin.enabledBy && findQuestion(plugin.enabledBy.question);
  // An item-set answer (`api`) gains the plugin's item; any other answer becomes its value.
  const answer = (enabledBy: NonNullable<PluginManifest['enabledBy']>) =>
    question?.items
      ? answerWithItems(question, state.answers[enabledBy.question], [value ?? enabledBy.values[0]!], true)
      : (value ?? enabledBy.values[0]!);
  const next: ProjectState = plugin.enabledBy
    ? { ...state, answers: { ...state.answers, [plugin.enabledBy.question]: answer(plugin.enabledBy) } }
    : { ...state, plugins: [...state.plugins, name] };
  try {
    refuseAnswers(catalog, next);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`cannot add ${name}: ${error.message}`);
    throw error;
  }
  return next;
}

/**
 * The state with the plugin off: its main answer set to the "off" value, or its name
 * dropped. Refused when it is absent or another active plugin still requires it.
 */
export function withoutPlugin(catalog: Catalog, state: ProjectState, name: string): ProjectState {
  const plugin = findPlugin(catalog, name);
  const present = presence(catalog, state).get(name);
  if (!present) throw new UserError(`plugin ${name} is not in this project; see: djangoflow plugin --list`);
  const answers = { ...state.answers };
  if (present.how === 'answer') {
    const off = offValue(plugin, state.answers[present.question]);
    if (off === undefined) throw new UserError(`plugin ${name} has no "off" answer for ${present.question}; change the answer instead`);
    answers[present.question] = off;
  }
  const next: ProjectState = { ...state, answers, plugins: state.plugins.filter((p) => p !== name) };
  let still: PluginManifest[];
  try {
    // What stays on, whether or not it renders as is: removing several plugins passes
    // through states the last removal fixes (df-survey first, then the df-notifications a
    // MySQL project refuses). The state finally rendered is checked in full.
    still = recordedPlugins(catalog, next);
  } catch (error) {
    // A plugin that needs one of several on (requiresOneOf) would have none left.
    if (error instanceof UserError) throw new UserError(`cannot remove ${name}: ${error.message}`);
    throw error;
  }
  if (still.some((p) => p.name === name)) {
    const requiredBy = still.filter((other) => other.requires.includes(name)).map((other) => other.name);
    throw new UserError(`cannot remove ${name}: ${requiredBy.join(', ')} ${requiredBy.length > 1 ? 'require' : 'requires'} it`);
  }
  return next;
}

/** Plugins active in `next` that were not in `previous` (their questions are asked). */
export function newlyActive(catalog: Catalog, previous: ProjectState, next: ProjectState): PluginManifest[] {
  const before = new Set(recordedPlugins(catalog, previous).map((p) => p.name));
  return activePlugins(catalog, next).filter((p) => !before.has(p.name));
}

/** The state without the answers of questions whose plugins are no longer active. */
export function dropStaleAnswers(catalog: Catalog, previous: ProjectState, next: ProjectState): ProjectState {
  const active = new Set(activePlugins(catalog, next).map((p) => p.name));
  const stale = recordedPlugins(catalog, previous)
    .filter((p) => !active.has(p.name))
    .flatMap((p) => p.questions.map((q) => q.name));
  const answers = Object.fromEntries(Object.entries(next.answers).filter(([key]) => !stale.includes(key)));
  return { ...next, answers };
}
