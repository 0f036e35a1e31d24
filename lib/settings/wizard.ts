/**
 * Integration wizards: a plugin question that names a `setting` is a wizard step. Its answer
 * is the local value of that setting: checked offline for the provider's known shape (a
 * pattern that may name another answer, `{stripeMode}`, or the keys a JSON document must
 * have, a PEM block), written to .env, never recorded, and never quoted back in a refusal. An empty
 * answer means "later": the setting stays unset (`djangoflow settings` lists it missing).
 */
import type { Answers } from '../questions/question.js';

/** The wizard fields of a plugin question (lib/plugins/manifest.ts PluginQuestion). */
export interface WizardFields {
  name: string;
  /** The setting (an env name of the plugin) the answer is the local value of. */
  setting?: string;
  /** input only: the whole answer must match it; `{question}` stands for that question's answer. */
  pattern?: string;
  /** What a valid answer looks like, shown when `pattern` refuses one; may say `{question}` too. */
  patternHint?: string;
  /** The answer is a JSON object with these keys (each a non-empty string). */
  json?: string[];
  /**
   * The answer is one PEM block of this label (`PRIVATE KEY`), its line breaks real or
   * written `\n`; .env gets it on one line with `\n` (the settings turn them back).
   */
  pem?: string;
}

const placeholder = /\{([a-z][A-Za-z0-9]*)\}/g;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The pattern with other answers filled in (escaped), anchored. */
export function filledPattern(pattern: string, answers: Answers): RegExp {
  return new RegExp(`^(?:${pattern.replace(placeholder, (_, name: string) => escapeRegExp(String(answers[name] ?? '')))})$`);
}

/** The questions a pattern or hint names. */
export const namedAnswers = (text: string | undefined): string[] => [...(text ?? '').matchAll(placeholder)].map((m) => m[1]!);

function jsonProblem(value: string, keys: string[]): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'is not JSON';
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'is not a JSON object';
  const missing = keys.filter((key) => typeof (parsed as Record<string, unknown>)[key] !== 'string' || !(parsed as Record<string, string>)[key]);
  return missing.length ? `has no ${missing.join(', ')}` : null;
}

/** A PEM answer on one line: its line breaks (real or `\n`) as `\n`, surrounding blanks dropped. */
export const pemLine = (value: string): string =>
  value
    .trim()
    .split(/\r?\n|\\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\\n');

function pemProblem(value: string, label: string): string | null {
  const lines = pemLine(value).split('\\n');
  const body = lines.slice(1, -1);
  const shaped = lines[0] === `-----BEGIN ${label}-----` && lines.at(-1) === `-----END ${label}-----` && body.length > 0;
  return shaped && body.every((line) => /^[A-Za-z0-9+/]+=*$/.test(line)) ? null : `is not valid: expected a PEM block from -----BEGIN ${label}----- to -----END ${label}-----`;
}

/**
 * The problem of a wizard answer, without its value (it may be a secret): `flag` names the
 * option. Empty is fine (set later).
 */
export function wizardProblem(q: WizardFields, flag: string, value: string, answers: Answers): string | null {
  if (value === '') return null;
  if (q.pem) {
    const problem = pemProblem(value, q.pem);
    return problem ? `${flag} ${problem}` : null;
  }
  if (/[\r\n]/.test(value) && !q.json) return `${flag} is not valid: one line expected`;
  if (q.json) {
    const problem = jsonProblem(value, q.json);
    return problem ? `${flag} ${problem}: expected a JSON object with ${q.json.join(', ')}` : null;
  }
  if (q.pattern && !filledPattern(q.pattern, answers).test(value)) {
    const hint = q.patternHint?.replace(placeholder, (_, name: string) => String(answers[name] ?? ''));
    return `${flag} is not valid${hint ? `: ${hint}` : ''}`;
  }
  return null;
}

/** A wizard's answers split: those recorded in .yo-rc.json, and the settings' values for .env (non-empty ones). */
export function splitWizardAnswers(questions: WizardFields[], answers: Answers): { recorded: Answers; settings: Map<string, string> } {
  const recorded: Answers = {};
  const settings = new Map<string, string>();
  for (const q of questions) {
    const value = answers[q.name];
    if (value === undefined) continue;
    if (!q.setting) recorded[q.name] = value;
    else if (String(value) !== '') settings.set(q.setting, q.json ? JSON.stringify(JSON.parse(String(value))) : q.pem ? pemLine(String(value)) : String(value));
  }
  return { recorded, settings };
}
