/**
 * The recorded state is input: .yo-rc.json is checked on every run by the rules the command
 * line obeys (answers by their questions, app, model and field names by startapp's rules,
 * plugins by the catalog), so a hand-edited name can never become code. A problem names
 * the file and the key: `.yo-rc.json: apps[0].models[1].name: ...`.
 */
import { UserError } from '../input/errors.js';
import { parseField } from '../model/fields.js';
import { fieldNameProblem, modelClashProblem, modelNameProblem } from '../model/names.js';
import { pythonNameProblem } from '../input/naming.js';
import { pluginQuestion } from '../plugins/questions.js';
import { questions } from '../questions/table.js';
import { type Answers, type Question, coerceAnswer } from '../questions/question.js';
import { fieldTypes } from '../render/field-types.js';
import { reverseNameClashes } from '../model/reverse-names.js';
import { type AppSpec, type ProjectState, rcFile } from './state.js';
import type { TemplateSet } from '../template-set/index.js';
import { quoted, shown } from '../input/text.js';

/** One problem of the record: where (a key path) and what. */
export interface RecordProblem {
  key: string;
  problem: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every question an answer may be recorded for: the main table and every catalog plugin's. */
function answerQuestions(templates: TemplateSet): Map<string, Question> {
  const table = new Map<string, Question>(questions.map((question) => [question.name, question]));
  for (const plugin of templates.catalog.values()) {
    for (const question of plugin.questions) if (!table.has(question.name)) table.set(question.name, pluginQuestion(question));
  }
  return table;
}

function answerProblems(answers: Answers, templates: TemplateSet): RecordProblem[] {
  const table = answerQuestions(templates);
  const problems: RecordProblem[] = [];
  for (const [name, value] of Object.entries(answers)) {
    const key = `answers.${shown(name)}`;
    const question = table.get(name);
    if (!question) {
      problems.push({ key, problem: `no question is named ${quoted(name)}` });
      continue;
    }
    if (question.secret) {
      problems.push({ key, problem: 'is a setting of an integration wizard: its value belongs in .env, never in the record' });
      continue;
    }
    if (typeof value !== 'string' && typeof value !== 'boolean') {
      problems.push({ key, problem: `must be a text or true/false, not ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}` });
      continue;
    }
    const result = coerceAnswer(question, value, answers);
    if ('problem' in result) problems.push({ key, problem: result.problem });
  }
  return problems;
}

/** The JSON type each of a field's settings must have (lib/record/state.ts ModelField). */
const settingTypes: Record<string, (value: unknown) => boolean> = {
  choices: (value) => Array.isArray(value) && value.every((choice) => typeof choice === 'string'),
  optional: (value) => value === true,
  unique: (value) => value === true,
  index: (value) => value === true,
  default: (value) => typeof value === 'string',
  maxLength: (value) => Number.isInteger(value),
};
const settingShapes: Record<string, string> = { choices: 'a list of texts', default: 'a text', maxLength: 'a whole number' };

/**
 * A field's settings (choices, `?`, max length, unique, index, default) by the rules of the
 * field language: each of its JSON type, then the field written back in the language
 * (`title:str:120:unique`) must read back as recorded, so a setting holds nothing the command
 * line would refuse (and nothing that would become code).
 */
function settingsProblem(field: Record<string, unknown>, model: string, app: string): { key?: string; problem: string } | null {
  for (const [key, fits] of Object.entries(settingTypes)) {
    if (field[key] !== undefined && !fits(field[key])) return { key, problem: `must be ${settingShapes[key] ?? 'true, or left out'}` };
  }
  const choices = field.choices as string[] | undefined;
  const spec = [
    `${String(field.name)}:${String(field.type)}${field.target ? `=${String(field.target)}` : choices ? `=${choices.join(',')}` : ''}${field.optional ? '?' : ''}`,
    ...(field.maxLength !== undefined ? [String(field.maxLength)] : []),
    ...(field.unique ? ['unique'] : []),
    ...(field.index ? ['index'] : []),
    ...(field.default !== undefined ? [`default=${String(field.default)}`] : []),
  ].join(':');
  try {
    const parsed = parseField(spec, model, app);
    // Stryker disable next-line StringLiteral: a target was checked before (app.Model, on relations only), so it always reads back
    const same = ['target', ...Object.keys(settingTypes)].every((key) => JSON.stringify(parsed[key as keyof typeof parsed]) === JSON.stringify(field[key]));
    return same ? null : { problem: `its settings do not read back as the field ${quoted(spec)}` };
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: parseField throws UserError only
    if (error instanceof UserError) return { problem: error.message };
    throw error;
  }
}

/** The keys each recorded object may hold: any other is refused, as an unknown option is. */
const recordedKeys: Record<'app' | 'model' | 'field', readonly string[]> = {
  app: ['name', 'models', 'adopted'],
  model: ['name', 'fields', 'pages'],
  field: ['name', 'type', 'target', ...Object.keys(settingTypes)],
};

/** The first key of `object` that `kind` does not take, as a problem at `at`. */
function unknownKey(object: Record<string, unknown>, kind: keyof typeof recordedKeys, at: string): RecordProblem | null {
  const allowed = recordedKeys[kind];
  const key = Object.keys(object).find((name) => !allowed.includes(name));
  return key === undefined ? null : { key: `${at}.${key}`, problem: `${kind}s take no setting ${quoted(key)} (they take ${allowed.join(', ')})` };
}

/** The shape and the names of one recorded app; relations are checked over all apps after. */
function appProblems(raw: unknown, index: number, starterApps: ReadonlySet<string>): RecordProblem[] {
  const at = `apps[${index}]`;
  if (!isObject(raw)) return [{ key: at, problem: 'must be an object with a name and models' }];
  const appKey = unknownKey(raw, 'app', at);
  if (appKey) return [appKey];
  if (typeof raw.name !== 'string') return [{ key: `${at}.name`, problem: 'must be a text' }];
  if (raw.adopted !== undefined && raw.adopted !== true) return [{ key: `${at}.adopted`, problem: 'must be true, or left out' }];
  const nameProblem = pythonNameProblem(raw.name, 'app name', { recorded: true }) ?? (starterApps.has(raw.name) ? `app name ${quoted(raw.name)} is a starter app of every project` : null);
  if (nameProblem) return [{ key: `${at}.name`, problem: nameProblem }];
  if (!Array.isArray(raw.models)) return [{ key: `${at}.models`, problem: 'must be a list' }];
  const problems: RecordProblem[] = [];
  raw.models.forEach((model: unknown, m) => {
    const where = `${at}.models[${m}]`;
    if (!isObject(model)) return problems.push({ key: where, problem: 'must be an object with a name and fields' });
    const modelKey = unknownKey(model, 'model', where);
    if (modelKey) return problems.push(modelKey);
    const modelProblem = typeof model.name === 'string' ? modelNameProblem(model.name) : 'must be a text';
    if (modelProblem) return problems.push({ key: `${where}.name`, problem: modelProblem });
    if (!Array.isArray(model.fields)) return problems.push({ key: `${where}.fields`, problem: 'must be a list' });
    if (model.pages !== undefined && model.pages !== true) problems.push({ key: `${where}.pages`, problem: 'must be true, or left out for no pages' });
    model.fields.forEach((field: unknown, f) => {
      const fieldAt = `${where}.fields[${f}]`;
      if (!isObject(field)) return problems.push({ key: fieldAt, problem: 'must be an object with a name and a type' });
      const fieldKey = unknownKey(field, 'field', fieldAt);
      if (fieldKey) return problems.push(fieldKey);
      const fieldProblem = typeof field.name === 'string' ? fieldNameProblem(field.name) : 'must be a text';
      if (fieldProblem) return problems.push({ key: `${fieldAt}.name`, problem: fieldProblem });
      const type = typeof field.type === 'string' ? fieldTypes[field.type] : undefined;
      if (!type || !Object.hasOwn(fieldTypes, String(field.type))) {
        return problems.push({ key: `${fieldAt}.type`, problem: `unknown field type ${quoted(String(field.type))} (types: ${Object.keys(fieldTypes).join(', ')})` });
      }
      if (type.relation && (typeof field.target !== 'string' || !/^[a-z_][a-z0-9_]*\.[A-Z][A-Za-z0-9]*$/.test(field.target))) {
        return problems.push({ key: `${fieldAt}.target`, problem: 'must be app.Model (e.g. users.User)' });
      }
      if (!type.relation && field.target !== undefined) return problems.push({ key: `${fieldAt}.target`, problem: `type ${quoted(String(field.type))} takes no target` });
      const settings = settingsProblem(field, String(model.name), raw.name as string);
      if (settings) problems.push({ key: settings.key ? `${fieldAt}.${settings.key}` : fieldAt, problem: settings.problem });
      return undefined;
    });
    const names = model.fields.map((field) => (isObject(field) ? field.name : undefined));
    // Stryker disable next-line ConditionalExpression: a repeated undefined is found as undefined, which is no name
    const twice = names.find((name, i) => name !== undefined && names.indexOf(name) !== i);
    if (twice !== undefined) problems.push({ key: `${where}.fields`, problem: `field ${quoted(String(twice))} is given twice` });
    return undefined;
  });
  const clash = problems.length ? null : modelClashProblem(raw.models as { name: string }[], raw.name);
  if (clash) problems.push({ key: `${at}.models`, problem: clash });
  return problems;
}

/**
 * Relations over the whole project: each target exists, then the reverse names
 * (lib/model/reverse-names.ts, the rule startapp and model use too).
 */
function relationProblems(apps: readonly AppSpec[], starterModels: ReadonlyMap<string, ReadonlySet<string>>): RecordProblem[] {
  const known = new Map<string, ReadonlySet<string>>(starterModels);
  for (const app of apps) known.set(app.name, new Set(app.models.map((model) => model.name)));
  const problems: RecordProblem[] = [];
  apps.forEach((app, a) =>
    app.models.forEach((model, m) =>
      model.fields.forEach((field, f) => {
        const [targetApp, targetModel] = (field.target ?? '').split('.') as [string, string];
        if (field.target && !known.get(targetApp)?.has(targetModel)) {
          problems.push({ key: `apps[${a}].models[${m}].fields[${f}].target`, problem: `${field.target} is not a model of the project` });
        }
      }),
    ),
  );
  return problems.length ? problems : reverseNameClashes(apps);
}

/** Every problem of a recorded state (after migration), in the file's order. */
export function recordProblems(state: ProjectState, templates: TemplateSet): RecordProblem[] {
  const starterApps = new Set(templates.core.starterApps.map((app) => app.name));
  const problems = answerProblems(state.answers, templates);
  state.apps.forEach((app, index) => problems.push(...appProblems(app, index, starterApps)));
  const names = state.apps.map((app) => (isObject(app) ? app.name : undefined));
  // Stryker disable next-line ConditionalExpression: a repeated undefined is found as undefined, which is no name
  const twice = names.find((name, i) => name !== undefined && names.indexOf(name) !== i);
  if (twice !== undefined) problems.push({ key: 'apps', problem: `app ${quoted(String(twice))} is recorded twice` });
  state.plugins.forEach((plugin, index) => {
    if (typeof plugin !== 'string' || !templates.catalog.has(plugin)) {
      problems.push({ key: `plugins[${index}]`, problem: `${typeof plugin === 'string' ? quoted(plugin) : 'it'} is not a plugin of this generator` });
    }
  });
  if (problems.length) return problems;
  const starterModels = new Map(templates.core.starterApps.map((app) => [app.name, new Set(app.models ?? [])]));
  return relationProblems(state.apps, starterModels);
}

/** Refuses a record with a problem: the first one, naming the file and the key. */
export function checkRecord(state: ProjectState, templates: TemplateSet): void {
  const [first, ...rest] = recordProblems(state, templates);
  if (!first) return;
  const more = rest.length ? ` (and ${rest.length} more)` : '';
  throw new UserError(`${rcFile}: ${first.key}: ${first.problem}${more}; fix it or restore the file from git`);
}
