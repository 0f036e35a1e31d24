/**
 * The Apps and models section's server side: the record's apps, models and fields as the page
 * lists them, the field language's types for the editor, and a change from the page turned
 * into the next state by the very functions `startapp`, `model` and `adopt-app` call (lib/model/app-commands.ts),
 * with the CLI command that makes the same change (an upgrade's answers to the questions the
 * new version added included). Settings per environment are read here too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adoptableApps, adoptAppNext, modelNext, requireCurrentVersion, startappNext } from '../../lib/model/app-commands.js';
import { UserError } from '../../lib/input/errors.js';
import { knownModels } from '../../lib/model/relations.js';
import { findQuestion, questions } from '../../lib/questions/table.js';
import type { AnswerValue } from '../../lib/questions/question.js';
import { stateSettings } from '../../lib/render/context.js';
import { fieldTypes, takesMaxLength } from '../../lib/render/field-types.js';
import { parseDotenv } from '../../lib/settings/dotenv.js';
import { environmentStatus } from '../../lib/settings/status.js';
import { environments } from '../../lib/settings/table.js';
import type { ModelField, ProjectState } from '../../lib/record/state.js';
import type { TemplateSet } from '../../lib/template-set/index.js';
import { upgradeNext } from '../../lib/record/upgrade-next.js';
import { answerWords, commandLine } from '../options.js';
import type { FieldTypeInfo, ModelsData, ProjectChange, SettingsEnvironment } from './api-types.js';

/** A recorded field as the word the field language reads back to the same field. */
export function fieldWord(field: ModelField): string {
  const target = field.target ? `=${field.target}` : field.choices ? `=${field.choices.join(',')}` : '';
  const modifiers = [
    field.maxLength === undefined ? '' : `:${field.maxLength}`,
    field.unique ? ':unique' : '',
    field.index ? ':index' : '',
    field.default === undefined ? '' : `:default=${field.default}`,
  ];
  return `${field.name}:${field.type}${target}${field.optional ? '?' : ''}${modifiers.join('')}`;
}

export function fieldTypeList(): FieldTypeInfo[] {
  return Object.entries(fieldTypes).map(([name, type]) => ({
    name,
    description: type.description,
    relation: type.relation,
    choices: Boolean(type.choices),
    optional: Boolean(type.optional),
    maxLength: takesMaxLength(type) || Boolean(type.choices),
    indexable: type.relation !== 'm2m' && !type.generated,
    defaultKind: type.defaultKind,
  }));
}

export function modelsData(previous: ProjectState | null, dir: string, templates: TemplateSet, blocked?: string): ModelsData {
  if (!previous) return { apps: [], fieldTypes: fieldTypeList(), targets: [], adoptable: [], blocked: 'generate the project first: apps and models are added to a project' };
  const targets = [...knownModels(previous, templates)].flatMap(([app, models]) => [...models].map((model) => `${app}.${model}`));
  const apps = previous.apps.map((app) => ({
    name: app.name,
    adopted: Boolean(app.adopted),
    models: app.models.map((model) => ({
      name: model.name,
      pages: Boolean(model.pages),
      fields: model.fields.map((field) => ({ name: field.name, type: field.type, word: fieldWord(field), target: field.target })),
    })),
  }));
  return { apps, fieldTypes: fieldTypeList(), targets, adoptable: adoptableApps(previous, dir, templates), blocked };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Answers as the page sends them: text or yes/no per question name (checked by the command's own resolution). */
function answerMap(value: unknown): Record<string, AnswerValue> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, AnswerValue] => typeof entry[1] === 'string' || typeof entry[1] === 'boolean'));
}

/** The page's JSON checked into a change (any other shape is refused before the record is read). */
export function receivedChange(body: unknown): ProjectChange {
  const value = (body ?? {}) as Record<string, unknown>;
  if (value.kind === 'startapp') return { kind: 'startapp', name: text(value.name), models: texts(value.models), pages: value.pages === true };
  if (value.kind === 'upgrade') return { kind: 'upgrade', answers: answerMap(value.answers) };
  if (value.kind === 'adopt') return { kind: 'adopt', name: text(value.name) };
  if (value.kind === 'model') {
    const pages = typeof value.pages === 'boolean' ? value.pages : undefined;
    return { kind: 'model', app: text(value.app), model: text(value.model), fields: texts(value.fields), removeFields: texts(value.removeFields), remove: value.remove === true, pages };
  }
  throw new UserError('expected a change: {kind: "startapp" | "model" | "adopt" | "upgrade", ...}');
}

/** The next state of the change, by the command's own functions; its refusals are the CLI's. */
export async function changeNext(previous: ProjectState | null, dir: string, change: ProjectChange, templates: TemplateSet): Promise<{ next: ProjectState; requiredOnExisting: string[] }> {
  if (!previous) throw new UserError('this folder is not a djangoflow project yet: generate it first');
  if (change.kind === 'upgrade') return { next: await upgradeNext(previous, templates, { given: change.answers ?? {}, useDefaults: true }), requiredOnExisting: [] };
  if (change.kind === 'adopt') {
    if (!change.name) throw new UserError('adopt-app needs the app name: djangoflow adopt-app <name>');
    return { next: adoptAppNext(previous, dir, change.name, templates), requiredOnExisting: [] };
  }
  requireCurrentVersion(previous, change.kind);
  if (change.kind === 'startapp') {
    if (!change.name) throw new UserError('startapp needs the app name: djangoflow startapp <name> [--model Post title:str ...]');
    return { next: await startappNext(previous, dir, change.name, change.models.filter((m) => m.trim()), change.pages, templates), requiredOnExisting: [] };
  }
  const result = modelNext(previous, dir, { app: change.app, model: change.model, words: change.fields, removeFields: change.removeFields, remove: change.remove, pages: change.pages }, templates);
  return { next: result.state, requiredOnExisting: result.changes.flatMap((c) => c.requiredOnExisting) };
}

/** Answers in the question table's order, whatever order the user gave them in. */
const inTableOrder = (answers: Record<string, AnswerValue>) => {
  const rank = (name: string) => (questions.some((q) => q.name === name) ? questions.findIndex((q) => q.name === name) : questions.length);
  return Object.entries(answers).sort(([a], [b]) => rank(a) - rank(b));
};

/** The command line that makes the same change from a terminal. */
export function cliCommand(change: ProjectChange): string {
  const parts = ['djangoflow'];
  if (change.kind === 'upgrade') parts.push('upgrade', ...inTableOrder(change.answers ?? {}).flatMap(([name, value]) => answerWords({ name, type: findQuestion(name)?.type }, value)), '--defaults');
  else if (change.kind === 'adopt') parts.push('adopt-app', change.name);
  else if (change.kind === 'startapp') {
    parts.push('startapp', change.name, ...change.models.filter((m) => m.trim()).flatMap((m) => ['--model', m.trim()]));
    if (change.pages) parts.push('--pages');
  } else {
    parts.push('model', change.app, change.model, ...change.fields);
    for (const name of change.removeFields) parts.push('--remove-field', name);
    if (change.remove) parts.push('--remove');
    if (change.pages !== undefined) parts.push(change.pages ? '--pages' : '--no-pages');
  }
  return commandLine(parts);
}

/** `djangoflow settings` as the page shows it: per environment, the local one read from .env (names only). */
export function settingsData(previous: ProjectState | null, dir: string, templates: TemplateSet): SettingsEnvironment[] {
  if (!previous) return [];
  const table = stateSettings(previous, templates);
  const dotenv = join(dir, '.env');
  const localSet = existsSync(dotenv) ? new Set([...parseDotenv(readFileSync(dotenv, 'utf8'))].filter(([, v]) => v !== '').map(([n]) => n)) : undefined;
  const described = new Map(table.map((s) => [s.name, s.description]));
  return environments.map((environment) => {
    const status = environmentStatus(table, environment, environment === 'local' && localSet ? { source: '.env', set: localSet } : undefined);
    const code = table.filter((s) => s.kind === 'code').map((s) => ({ name: s.name, kind: s.kind, owner: s.owner, description: s.description, required: false, presence: 'code' }));
    const rows = status.settings.map((s) => ({ ...s, description: described.get(s.name) ?? '' }));
    return { environment, source: status.source, rows: [...rows, ...code], missing: status.missing };
  });
}
