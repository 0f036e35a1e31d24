/**
 * The plugin catalog: every manifest of the template set, checked, with its defaults filled in.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readYamlFile } from '../template-set/yaml-data.js';
import { type Answers } from '../questions/question.js';
import { manifestProblems } from './check.js';
import type { Catalog, PluginQuestion } from './manifest.js';


export function loadCatalog(templates: string): Catalog {
  const root = join(templates, 'plugins');
  const catalog: Catalog = new Map();
  if (!existsSync(root)) return catalog;
  for (const name of readdirSync(root).sort()) {
    const file = join(root, name, 'plugin.yaml');
    if (!existsSync(file)) continue;
    const raw = readYamlFile(file);
    const problems = manifestProblems(raw, name);
    if (problems.length) throw new Error(problems.join('\n'));
    catalog.set(name, {
      requires: [],
      conflicts: [],
      requirements: {},
      installedApps: {},
      urls: [],
      env: [],
      compose: {},
      ci: {},
      processes: [],
      authenticationBackends: [],
      personalData: [],
      ...raw,
      questions: withSiblingDefaults((raw as { questions?: PluginQuestion[] }).questions ?? []),
      dir: join(root, name),
    });
  }
  return catalog;
}

function withSiblingDefaults(questions: PluginQuestion[]): PluginQuestion[] {
  const defaults: Answers = Object.fromEntries(questions.map((q) => [q.name, q.default]));
  return questions.map((q) => (q.setting ? { ...q, siblingDefaults: defaults } : q));
}
