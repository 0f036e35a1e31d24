/**
 * The checks of one plugin manifest as the catalog loads it (templates/plugins/<name>/plugin.yaml):
 * every problem a malformed manifest has, one line each, so a broken plugin names its field.
 */
import { findQuestion } from '../questions/table.js';
import { type AnswerValue, type Question } from '../questions/question.js';
import { settingProblems } from '../settings/table.js';
import { namedAnswers } from '../settings/wizard.js';
import { type EnabledBy, type ReplacementKind, replacementKinds } from './manifest.js';

const listFields = ['requires', 'requiresOneOf', 'conflicts', 'refusedAnswers', 'urls', 'env', 'processes', 'questions', 'authenticationBackends', 'personalData'] as const;

/** The problems of one manifest, empty when it is valid. */
export function manifestProblems(raw: unknown, folderName: string): string[] {
  const problems: string[] = [];
  if (!raw || typeof raw !== 'object') return [`${folderName}/plugin.yaml is not a mapping`];
  const m = raw as Record<string, unknown>;
  if (m.name !== folderName) problems.push(`name must equal the folder name "${folderName}"`);
  if (typeof m.summary !== 'string' || m.summary.includes('\n') || m.summary.length > 100) {
    problems.push('summary must be one line of at most 100 characters');
  }
  if (m.kind !== 'integration' && m.kind !== 'df-module') problems.push('kind must be integration or df-module');
  for (const field of ['unavailable', 'importsAdmin'] as const) {
    const reason = m[field];
    if (reason !== undefined && (typeof reason !== 'string' || !reason.trim() || reason.includes('\n'))) {
      problems.push(`${field} must be the reason, one line of text`);
    }
  }
  for (const field of ['appApi', 'camelCaseFields'] as const) {
    if (m[field] !== undefined && typeof m[field] !== 'boolean') problems.push(`${field} must be true or false`);
  }
  if (m.dfApiPath !== undefined && !/^[a-z0-9-]+\/$/.test(String(m.dfApiPath))) problems.push('dfApiPath must be a URL path segment ending in / (auth/)');
  if (m.reservedFieldNames !== undefined && !reservedFieldNamesValid(m.reservedFieldNames)) {
    problems.push('reservedFieldNames must be { names: [lowercase field names], reason: one line }');
  }
  if (m.integrationCheck !== undefined && !dottedName.test(String(m.integrationCheck))) problems.push('integrationCheck must be a dotted module name');
  if (m.integrationCheck !== undefined && !(m.requires as unknown[] | undefined)?.includes('integration-checks')) problems.push('integrationCheck needs requires: [integration-checks]');
  if (m.next !== undefined && (!Array.isArray(m.next) || m.next.some((line) => typeof line !== 'string' && typeof (line as { line?: unknown })?.line !== 'string'))) {
    problems.push('next must be a list of lines (or { line, with, item })');
  }
  if (Array.isArray(m.authenticationBackends) && m.authenticationBackends.some((entry) => !dottedName.test(backendName(entry)))) {
    problems.push('authenticationBackends must be dotted names (or { backend, with, item })');
  }
  for (const field of listFields) {
    if (m[field] !== undefined && !Array.isArray(m[field])) problems.push(`${field} must be a list`);
  }
  problems.push(...settingProblems(m.env));
  const enabledBy = m.enabledBy as Record<string, unknown> | undefined;
  if (enabledBy && (typeof enabledBy.question !== 'string' || !Array.isArray(enabledBy.values))) {
    problems.push('enabledBy needs a question and a list of values');
  } else if (enabledBy) {
    problems.push(...enabledByProblems(enabledBy as unknown as EnabledBy));
  }
  if (Array.isArray(m.refusedAnswers)) problems.push(...m.refusedAnswers.flatMap((entry) => refusedAnswerProblems(entry as Record<string, unknown>)));
  problems.push(...appProblems(m.installedApps), ...tierProblems(m.requirements), ...impliesProblems(m.implies));
  problems.push(...personalDataProblems(m.personalData));
  const questionList = (Array.isArray(m.questions) ? m.questions : []) as Record<string, unknown>[];
  const envNames = ((Array.isArray(m.env) ? m.env : []) as Record<string, unknown>[]).map((env) => String(env?.name));
  for (const question of questionList) {
    problems.push(...pluginQuestionProblems(question), ...wizardFieldProblems(question, envNames, questionList.map((q) => String(q?.name))));
  }
  return problems.map((p) => `plugin ${folderName}: ${p}`);
}

function reservedFieldNamesValid(value: unknown): boolean {
  const { names, reason } = (value ?? {}) as { names?: unknown; reason?: unknown };
  return Array.isArray(names) && names.length > 0 && names.every((name) => typeof name === 'string' && /^[a-z][a-z0-9_]*$/.test(name)) &&
    typeof reason === 'string' && reason.trim() !== '' && !reason.includes('\n');
}

const dottedName = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** An authenticationBackends entry's dotted name: the string, or a conditional entry's `backend` ('' when it has none). */
const backendName = (entry: unknown): string => {
  const name = typeof entry === 'string' ? entry : (entry as { backend?: unknown } | null)?.backend;
  return typeof name === 'string' ? name : '';
};
const appGroups = ['first', 'extensions', 'localOnly'];

function appProblems(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return ['installedApps must be a mapping of groups'];
  return Object.entries(raw as Record<string, unknown>).flatMap(([group, apps]) => {
    if (!appGroups.includes(group)) return [`installedApps.${group} is not a group (${appGroups.join(', ')})`];
    if (!Array.isArray(apps)) return [`installedApps.${group} must be a list`];
    return apps.filter((app) => !dottedName.test(String(app))).map((app) => `app "${String(app)}" is not a dotted module name`);
  });
}

/** The problems of a list of personal-data declarations (a manifest's or core.yaml's). */
export function personalDataProblems(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return (raw as Record<string, unknown>[]).flatMap((entry) => {
    const label = String(entry?.model);
    const problems: string[] = [];
    if (!/^[a-z_][a-z0-9_]*\.[A-Z][A-Za-z0-9]*$/.test(label)) problems.push(`personalData model "${label}" is not app_label.ModelName`);
    if (typeof entry?.table !== 'string' || !/^[a-z_][a-z0-9_]*$/.test(entry.table)) problems.push(`personalData ${label}: table must be a table name`);
    const fields = entry?.fields as Record<string, unknown> | undefined;
    if (Boolean(entry?.wipe) === Boolean(fields)) problems.push(`personalData ${label}: give either wipe: true or fields`);
    for (const [name, kind] of Object.entries(fields ?? {})) {
      if (!replacementKinds.includes(kind as ReplacementKind)) {
        problems.push(`personalData ${label}.${name}: "${String(kind)}" is not one of ${replacementKinds.join(', ')}`);
      }
    }
    return problems;
  });
}

function tierProblems(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return ['requirements must be a mapping of tiers'];
  return Object.entries(raw as Record<string, unknown>).flatMap(([tier, names]) => {
    if (!['base', 'local', 'production'].includes(tier)) return [`requirements.${tier} is not a tier (base, local, production)`];
    return Array.isArray(names) ? [] : [`requirements.${tier} must be a list`];
  });
}

/** Whether `value` is one of the question's answers (yes/no or a choice). */
function answerAllowed(question: Question, value: AnswerValue): boolean {
  if (question.type === 'confirm') return typeof value === 'boolean';
  return Boolean((question.items ?? question.choices)?.some((c) => c.value === value));
}

function impliesProblems(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return ['implies must be a mapping of main answers'];
  return Object.entries(raw as Record<string, AnswerValue>).flatMap(([name, value]) => {
    const question = findQuestion(name);
    if (!question) return [`implies names an unknown question "${name}"`];
    return answerAllowed(question, value) ? [] : [`implies ${name}: ${String(value)} is not an answer of ${name}`];
  });
}

/** `<field> value X is not an answer of <question>` for each of `values` the question cannot answer. */
function unanswerable(field: string, question: Question, values: readonly AnswerValue[]): string[] {
  return values.filter((v) => !answerAllowed(question, v)).map((v) => `${field} value ${String(v)} is not an answer of ${question.name}`);
}

function enabledByProblems(enabledBy: EnabledBy): string[] {
  const question = findQuestion(enabledBy.question);
  if (!question) return [`enabledBy names an unknown question "${enabledBy.question}"`];
  const problems = unanswerable('enabledBy', question, enabledBy.values);
  if (enabledBy.off !== undefined && (!answerAllowed(question, enabledBy.off) || enabledBy.values.includes(enabledBy.off))) {
    problems.push(`enabledBy.off ${String(enabledBy.off)} must be an answer of ${question.name} that is not in values`);
  }
  return problems;
}

function refusedAnswerProblems(entry: Record<string, unknown>): string[] {
  const question = findQuestion(String(entry?.question));
  if (!question || !Array.isArray(entry.values)) return ['refusedAnswers entries need a main question and a list of values'];
  const problems = unanswerable('refusedAnswers', question, entry.values as AnswerValue[]);
  if (typeof entry.reason !== 'string' || !entry.reason.trim() || entry.reason.includes('\n')) problems.push('refusedAnswers entries need the reason, one line of text');
  return problems;
}

function pluginQuestionProblems(q: Record<string, unknown>): string[] {
  const name = String(q?.name);
  const problems: string[] = [];
  if (!/^[a-z][A-Za-z0-9]*$/.test(name)) problems.push(`question name "${name}" is not camelCase`);
  if (findQuestion(name)) problems.push(`question ${name} clashes with a main question`);
  if (!['input', 'list', 'confirm'].includes(String(q.type))) problems.push(`question ${name}: type must be input, list or confirm`);
  if (typeof q.message !== 'string' || typeof q.description !== 'string') problems.push(`question ${name} needs a message and a description`);
  if (q.default === undefined) problems.push(`question ${name} needs a default`);
  if (q.type === 'list' && !Array.isArray(q.choices)) problems.push(`question ${name}: a list needs choices`);
  if (q.items !== undefined && (q.type !== 'input' || !Array.isArray(q.items))) problems.push(`question ${name}: items needs an input question and a list`);
  if (q.pattern !== undefined) {
    try {
      new RegExp(String(q.pattern));
    } catch {
      problems.push(`question ${name}: pattern is not a regular expression`);
    }
  }
  return problems;
}

/** A wizard step names a setting the plugin declares, and only questions of the plugin in its pattern. */
function wizardFieldProblems(q: Record<string, unknown>, envNames: string[], questionNames: string[]): string[] {
  const name = String(q?.name);
  const problems: string[] = [];
  if (q.setting !== undefined && !envNames.includes(String(q.setting))) problems.push(`question ${name}: setting ${String(q.setting)} is not one of the plugin's env`);
  if ((q.json !== undefined || q.setting !== undefined) && q.type !== 'input') problems.push(`question ${name}: a setting's question is an input`);
  if (q.json !== undefined && (!Array.isArray(q.json) || !q.setting)) problems.push(`question ${name}: json needs a setting and a list of keys`);
  if (q.pem !== undefined && (!/^[A-Z][A-Z ]*[A-Z]$/.test(String(q.pem)) || !q.setting)) problems.push(`question ${name}: pem needs a setting and a PEM label (PRIVATE KEY)`);
  for (const other of [...namedAnswers(q.pattern as string | undefined), ...namedAnswers(q.patternHint as string | undefined)]) {
    if (!questionNames.includes(other) || other === name) problems.push(`question ${name}: {${other}} is not another question of the plugin`);
  }
  return problems;
}
