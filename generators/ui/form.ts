/**
 * The form of `djangoflow ui` as data, and the answers it sends back resolved the way the CLI
 * resolves them: the same question table, defaults, choices and validators (coerceAnswer), so
 * the page shows the CLI's own messages. Plugins are resolved by lib/plugins/manifest.ts alone.
 */
import { UserError } from '../../lib/input/errors.js';
import { generatorVersion } from '../../lib/template-set/paths.js';
import { type Catalog } from '../../lib/plugins/manifest.js';
import { activePlugins } from '../../lib/plugins/active.js';
import { pluginQuestion, recordedQuestions } from '../../lib/plugins/questions.js';
import { stateFor } from '../../lib/record/next-state.js';
import { findQuestion, type QuestionGroup, questions } from '../../lib/questions/table.js';
import { type Answers, type Question, answerHolds, coerceAnswer, defaultFor, optionName } from '../../lib/questions/question.js';
import { splitWizardAnswers, wizardProblem } from '../../lib/settings/wizard.js';
import type { ProjectState } from '../../lib/record/state.js';
import type { TemplateSet } from '../../lib/template-set/index.js';
import type { CatalogEntry, Field, FormInput, PluginStatus, ResolvedForm } from './api-types.js';

/** The form as the page sent it: its answers are checked here, whatever their type. */
export interface ReceivedForm {
  answers: Record<string, unknown>;
  plugins: string[];
}

export interface Resolved extends ResolvedForm {
  /** The state to render; absent while anything is refused. */
  next?: ProjectState;
  /** An integration wizard's local values (setting -> value) for .env; server-side only, never sent to the page. */
  settings?: Map<string, string>;
}

const field = (q: Question, plugin?: string, group?: QuestionGroup): Field => ({
  name: q.name,
  option: `--${optionName(q)}`,
  type: q.type,
  label: q.message,
  description: q.description,
  choices: q.choices?.map((c) => ({ ...c })),
  items: q.items?.map((c) => ({ ...c })),
  plugin,
  group,
});

/** A wizard step (a question naming a setting): a secret field. */
const secretField = (q: Question, plugin: string): Field => ({ ...field(q, plugin), secret: true });

export function formFields(catalog: Catalog): Field[] {
  const pluginFields = [...catalog.values()].flatMap((p) => p.questions.map((q) => (q.setting ? secretField(pluginQuestion(q), p.name) : field(pluginQuestion(q), p.name))));
  return [...questions.map((q) => field(q, undefined, q.group)), ...pluginFields];
}

export function catalogEntries(catalog: Catalog): CatalogEntry[] {
  return [...catalog.values()].map((p) => ({
    name: p.name,
    summary: p.summary,
    kind: p.kind,
    requires: p.requires,
    conflicts: p.conflicts,
    enabledBy: p.enabledBy && { question: p.enabledBy.question, values: p.enabledBy.values },
  }));
}

/** Each question in order: what the user set, else the recorded answer, else the default (which may follow earlier answers). */
function resolveTable(table: readonly Question[], given: Record<string, unknown>, recorded: Answers, values: Resolved['values'], problems: Resolved['problems']): Answers {
  const answers: Answers = {};
  for (const question of table) {
    const raw = question.name in given ? given[question.name] : (recorded[question.name] ?? defaultFor(question, { ...recorded, ...answers }));
    const result = coerceAnswer(question, raw, { ...recorded, ...answers });
    if ('problem' in result) {
      problems[question.name] = result.problem;
      values[question.name] = typeof raw === 'boolean' ? raw : String(raw ?? '');
      // Later defaults (the slug from the name) still follow what was typed.
      answers[question.name] = values[question.name]!;
    } else {
      answers[question.name] = values[question.name] = result.value;
    }
  }
  return answers;
}

/** The page's input resolved against the record (null for a new project), with the next state when nothing is refused. */
export function resolveForm(input: ReceivedForm, previous: ProjectState | null, templates: TemplateSet): Resolved {
  const catalog = templates.catalog;
  const values: Resolved['values'] = {};
  const problems: Resolved['problems'] = {};
  const recorded = previous?.answers ?? {};
  const main = resolveTable(questions, input.answers, recorded, values, problems);
  const plugins = input.plugins.filter((name) => typeof name === 'string');
  let active: ReturnType<typeof activePlugins> = [];
  let pluginProblem: string | undefined;
  try {
    active = activePlugins(catalog, { answers: main, plugins });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    pluginProblem = error.message;
  }
  // Only the questions of active plugins count: the CLI drops the answers of removed ones.
  // A wizard's settings go to .env from the CLI (`djangoflow plugin <name>`), never through the page.
  const pluginTable = recordedQuestions(active);
  const pluginAnswers = resolveTable(pluginTable, input.answers, recorded, values, problems);
  // A wizard's answers: checked as the CLI checks them (the message never quotes the value),
  // kept apart for .env, never put in `values` (nothing is echoed back to the page).
  const wizard = active.flatMap((p) => p.questions.filter((q) => q.setting));
  const given: Answers = {};
  for (const q of wizard) {
    const raw = input.answers[q.name];
    if (typeof raw !== 'string' || raw === '') continue;
    const problem = wizardProblem(q, `--${optionName(pluginQuestion(q))}`, raw, { ...main, ...pluginAnswers });
    if (problem) problems[q.name] = problem;
    else given[q.name] = raw;
  }
  const explicitly = new Set(plugins);
  const status = active.map((p): PluginStatus => {
    const requiredBy = active.filter((other) => other.requires.includes(p.name)).map((other) => other.name);
    const byAnswer = p.enabledBy?.values.some((value) => answerHolds(findQuestion(p.enabledBy!.question), main[p.enabledBy!.question], value));
    return { name: p.name, how: byAnswer ? 'answer' : explicitly.has(p.name) ? 'explicit' : 'dependency', requiredBy };
  });
  const resolved: Resolved = { values, problems, active: status, pluginProblem, settings: splitWizardAnswers(wizard, given).settings };
  if (Object.keys(problems).length || pluginProblem) return resolved;
  const base = stateFor(main, previous && { ...previous, answers: {} }, templates);
  resolved.next = { ...base, version: generatorVersion(), answers: { ...base.answers, ...pluginAnswers }, plugins };
  return resolved;
}

/** The page's starting point: the recorded answers and plugins, or the defaults and the default plugins. */
export function initialInput(previous: ProjectState | null, templates: TemplateSet): FormInput {
  return { answers: {}, plugins: previous ? [...previous.plugins] : [...(templates.core.defaultPlugins ?? [])] };
}
