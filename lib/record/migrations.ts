/**
 * Answer and file migrations between generator versions, as data in the template set
 * (templates/migrations.yaml), so a release that renames a question, changes its choices
 * or moves a file says so once and every older project follows.
 *
 * - version: 0.2.0
 *   renameAnswers: { oldName: newName }
 *   answerValues: { question: { oldValue: newValue } }
 *   renameFiles: { old/path.py: new/path.py }
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions } from './versions.js';
import type { AnswerValue, Answers } from '../questions/question.js';
import { readYamlFile } from '../template-set/yaml-data.js';

export interface Migration {
  version: string;
  renameAnswers?: Record<string, string>;
  /** Old values as text (`'true'` matches a recorded yes/no answer), so a yes/no question can become a choice. */
  answerValues?: Record<string, Record<string, AnswerValue>>;
  renameFiles?: Record<string, string>;
}

export function loadMigrations(templates: string): Migration[] {
  const file = join(templates, 'migrations.yaml');
  const list = existsSync(file) ? ((readYamlFile(file) as Migration[] | null) ?? []) : [];
  if (!Array.isArray(list)) throw new Error(`${file}: expected a list of migrations`);
  for (const migration of list) {
    // `version: 1.10` would be the number 1.1: refuse anything but a dotted version string.
    if (typeof migration?.version !== 'string' || !/^\d+(\.\d+)*(-[\w.]+)?$/.test(migration.version)) {
      throw new Error(`${file}: every migration needs a version like 1.2.0 (a string), got ${JSON.stringify(migration?.version)}`);
    }
  }
  return [...list].sort((a, b) => compareVersions(a.version, b.version));
}

/** The migrations that lie after `from` and up to `to`. */
export function migrationsBetween(migrations: Migration[], from: string, to: string): Migration[] {
  return migrations.filter((m) => compareVersions(m.version, from) > 0 && compareVersions(m.version, to) <= 0);
}

export function migrateAnswers(answers: Answers, migrations: Migration[]): Answers {
  let migrated = { ...answers };
  for (const migration of migrations) {
    for (const [from, to] of Object.entries(migration.renameAnswers ?? {})) {
      if (from in migrated) {
        const { [from]: value, ...rest } = migrated;
        migrated = { ...rest, [to]: value };
      }
    }
    for (const [question, mapping] of Object.entries(migration.answerValues ?? {})) {
      const value = migrated[question];
      if (value !== undefined && Object.hasOwn(mapping, String(value))) migrated[question] = mapping[String(value)];
    }
  }
  return migrated;
}

/** File renames declared by the migrations, chained (a→b then b→c gives a→c). */
export function fileRenames(migrations: Migration[]): Record<string, string> {
  const renames: Record<string, string> = {};
  for (const migration of migrations) {
    for (const [from, to] of Object.entries(migration.renameFiles ?? {})) {
      for (const [origin, target] of Object.entries(renames)) if (target === from) renames[origin] = to;
      renames[from] = to;
    }
  }
  return renames;
}
