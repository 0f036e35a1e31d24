/**
 * The keys the project's database cannot build: an `:index` or `:unique` field that MySQL
 * (the database answer `mysql`: MySQL 8.4 in the project's compose file, or MariaDB) refuses
 * at migrate, or that fails the project's `check --fail-level WARNING` (Django's checks).
 * A state about to be written that brings one (a new field, a longer one, the answer
 * `--database mysql`) is refused with one line; one the record already holds is left alone
 * (its owner may have silenced the check, or moved the key by hand).
 */
import { fieldTypes } from '../render/field-types.js';
import type { ModelField, ProjectState } from '../record/state.js';
import { refuseNewProblems } from './new-problems.js';

interface KeyLimits {
  /** The database's name in messages. */
  label: string;
  /** Types stored as a column no key may cover (longtext: Django's fields.W162; a unique one fails at migrate). */
  keyless: string[];
  /** The longest unique string (Django's mysql.W003). */
  uniqueMaxLength: number;
  /** The longest indexed string: InnoDB's key holds 3072 bytes, 768 four-byte (utf8mb4) characters. */
  indexMaxLength: number;
}

/** By the database answer; a database not listed keys every field the model language offers. */
const limitsByDatabase: Record<string, KeyLimits> = {
  mysql: { label: 'MySQL', keyless: ['text', 'json'], uniqueMaxLength: 255, indexMaxLength: 768 },
};

function keyProblem(field: ModelField, limits: KeyLimits): string | undefined {
  const unique = Boolean(field.unique) || fieldTypes[field.type]!.options.includes('unique=True');
  if (!unique && !field.index) return undefined;
  const [modifier, most] = unique ? ['unique', limits.uniqueMaxLength] : ['index', limits.indexMaxLength];
  const which = (kind: string) => (unique ? `make a ${kind} unique` : `index a ${kind}`);
  if (limits.keyless.includes(field.type)) {
    return `${limits.label} cannot ${which(`${field.type} field`)}; use str:N:${modifier} (N at most ${most})`;
  }
  // Only a given length can be too long: the types that take one (str, slug) default to 255.
  if ((field.maxLength ?? 0) > most) {
    return `${limits.label} cannot ${which(`${field.type} field longer than ${most} characters`)}; give ${field.type}:${most} or less`;
  }
  return undefined;
}

/** Every keyed field the state's database cannot build, as `app.Model.field: why`. */
export function databaseKeyProblems(state: Pick<ProjectState, 'answers' | 'apps'>): string[] {
  const limits = limitsByDatabase[String(state.answers.database)];
  if (!limits) return [];
  return state.apps.flatMap((app) =>
    app.models.flatMap((model) =>
      model.fields.flatMap((field) => {
        const problem = keyProblem(field, limits);
        return problem ? [`${app.name}.${model.name}.${field.name}: ${problem}`] : [];
      }),
    ),
  );
}

/** Refuses a next state with a key problem its previous state did not have (new-problems.ts). */
export function refuseDatabaseKeys(next: Pick<ProjectState, 'answers' | 'apps'>, previous: Pick<ProjectState, 'answers' | 'apps'> | null): void {
  // Stryker disable next-line ArrayDeclaration: a placeholder is no problem line
  refuseNewProblems(databaseKeyProblems(next), previous ? databaseKeyProblems(previous) : []);
}
