/**
 * The settings table of one project: core's declarations (env.yaml, core.yaml's blocks that
 * apply) and the active plugins', with the examples' placeholders filled in for it.
 */
import { kebab } from '../input/naming.js';
import type { PluginManifest } from '../plugins/manifest.js';
import type { Answers } from '../questions/question.js';
import { mailbox } from '../render/escape.js';
import type { Contribution, TemplateSet } from '../template-set/index.js';
import { type Setting, settingsTable } from './table.js';

/** Every setting, first declaration wins; examples say this project's names (lib/settings/table.ts). */
export function projectSettings(templates: TemplateSet, contributions: Contribution[], plugins: PluginManifest[], answers: Answers): Setting[] {
  const slug = String(answers.projectSlug);
  // Examples in the data say {domain}, {slug}, {kebab}, {compact}, {name}, {sender},
  // {dbScheme} and {dbPort}: this project's values. {sender} is the default sender, its
  // display name quoted per RFC 5322; {dbScheme}/{dbPort} a database server of the answer's
  // engine (PostgreSQL's for SQLite: its remote environments need a server).
  const placeholders: Record<string, string> = {
    domain: String(answers.domain),
    slug,
    kebab: kebab(slug),
    compact: slug.replace(/_/g, ''),
    name: String(answers.projectName),
    sender: mailbox(String(answers.projectName), `noreply@${answers.domain}`),
    dbScheme: answers.database === 'mysql' ? 'mysql' : 'postgres',
    dbPort: answers.database === 'mysql' ? '3306' : '5432',
  };
  const declared = [
    { owner: 'core', settings: [...templates.env, ...contributions.flatMap((c) => c.env ?? [])] },
    ...plugins.map((p) => ({ owner: p.name, settings: p.env })),
  ];
  return settingsTable(declared, (example) => example.replace(/\{(domain|slug|kebab|compact|name|sender|dbScheme|dbPort)\}/g, (_, key: string) => placeholders[key]!));
}
