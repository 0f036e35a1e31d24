import { questions } from '../../lib/questions/table.js';
import { defaultFor, optionName, type Answers, type Question } from '../../lib/questions/question.js';

/** One generation: the CLI arguments on top of `--defaults` and what they should record. */
export interface Variant {
  label: string;
  /** question name → CLI value */
  answers: Record<string, string>;
}

/**
 * Free-text questions have no finite value set: one valid, non-default sample each.
 * A new free-text question without a sample fails `matrixVariants` (so it gets covered).
 */
export const sampleInputs: Record<string, string> = {
  projectName: 'Blue Harbor Logistics',
  projectSlug: 'harbor_ops',
  description: 'Shipments, tracked from dock to door',
  authorName: 'Harbor Platform Team',
  domain: 'ops.harbor.example.org',
  authorEmail: 'platform@harbor.example.org',
  timezone: 'Europe/Berlin',
  languageCode: 'de',
};

export const baseArgs = ['--defaults', '--project-name', 'Acme Shop'];

/** The default answers of a `baseArgs` run, as the CLI would write them. */
export function defaultAnswers(): Answers {
  const answers: Answers = { projectName: 'Acme Shop' };
  for (const question of questions) {
    if (!(question.name in answers)) answers[question.name] = defaultFor(question, answers);
  }
  return answers;
}

/** Every value a question can take, as CLI strings (free text: its sample). */
export function valuesOf(question: Question): string[] {
  if (question.type === 'confirm') return ['true', 'false'];
  if (question.choices) return question.choices.map((choice) => choice.value);
  // An item set: each item alone, none, and all of them together.
  if (question.items) return [...question.items.map((item) => item.value), 'none', question.items.map((item) => item.value).join(',')];
  const sample = sampleInputs[question.name];
  if (sample === undefined)
    throw new Error(`add a sample value for the free-text question "${question.name}" to sampleInputs`);
  return [sample];
}

export function cliArgs(variant: Variant): string[] {
  // A variant's own name replaces the base one: an option given twice with different values is refused.
  const args = 'projectName' in variant.answers ? baseArgs.filter((_, i) => i < 1) : [...baseArgs];
  for (const [name, value] of Object.entries(variant.answers)) {
    const question = questions.find((q) => q.name === name);
    if (!question) throw new Error(`unknown question ${name}`);
    args.push(`--${optionName(question)}=${value}`);
  }
  return args;
}

/** Realistic combinations a team would pick, on top of the one-at-a-time variants. */
export const combinations: Variant[] = [
  { label: 'postgresql + celery + drf', answers: { database: 'postgresql', celery: 'true', api: 'drf' } },
  {
    label: 'minimal: sqlite, no api, no services, no tooling',
    answers: {
      database: 'sqlite',
      api: 'none',
      cache: 'locmem',
      email: 'console',
      sentry: 'false',
      ci: 'none',
      preCommit: 'false',
      docker: 'false',
      license: 'proprietary',
    },
  },
  {
    label: 'mysql + celery + asgi on s3, mailgun, gitlab',
    answers: {
      database: 'mysql',
      celery: 'true',
      asgi: 'true',
      storage: 's3',
      email: 'mailgun',
      ci: 'gitlab',
      pythonVersion: '3.12',
    },
  },
  {
    label: 'gcs + amazon-ses, localised',
    answers: { storage: 'gcs', email: 'amazon-ses', timezone: 'Asia/Tokyo', languageCode: 'ja', celery: 'true' },
  },
];

/**
 * The defaults, then each question's every non-default value alone (derived from the
 * question table, so a new question or choice is covered without editing the matrix),
 * then the combinations.
 */
export function matrixVariants(): Variant[] {
  const defaults = defaultAnswers();
  const variants: Variant[] = [{ label: 'defaults', answers: {} }];
  for (const question of questions) {
    for (const value of valuesOf(question)) {
      if (String(defaults[question.name]) === value) continue;
      variants.push({ label: `${question.name}=${value}`, answers: { [question.name]: value } });
    }
  }
  return [...variants, ...combinations];
}

/** Every (question, value) pair some variant sets explicitly or gets by default. */
export function coveredValues(variants: readonly Variant[]): Set<string> {
  const covered = new Set<string>();
  const defaults = defaultAnswers();
  for (const question of questions) covered.add(`${question.name}=${String(defaults[question.name])}`);
  for (const variant of variants) {
    for (const [name, value] of Object.entries(variant.answers)) covered.add(`${name}=${value}`);
  }
  return covered;
}
