import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { UserError } from './errors.js';
import type { Answers, AnswerValue } from './questions.js';

/**
 * Plugins are declarative manifests (templates/plugins/<name>/plugin.yaml) plus the
 * templates in their files/ folder. A main-generator question that covers a plugin names it
 * in `enabledBy`, so the question and the plugin are one implementation.
 */
export type Tier = 'base' | 'local' | 'production';

export interface EnvVar {
  name: string;
  example: string;
  description: string;
  group: string;
  required?: 'production';
}

export interface PluginManifest {
  name: string;
  summary: string;
  kind: 'integration' | 'df-module';
  enabledBy?: { question: string; values: AnswerValue[] };
  requires: string[];
  conflicts: string[];
  requirements: Partial<Record<Tier, string[]>>;
  installedApps: { first?: string[]; extensions?: string[]; localOnly?: string[] };
  settingsSection?: string;
  urls: { route: string; include: string; namespace?: string }[];
  env: EnvVar[];
  compose: Record<string, unknown>;
  ci: { services?: string[] };
  processes: { name: string; command: string; description: string }[];
  questions: unknown[];
  /** Absolute path of the plugin's folder. */
  dir: string;
}

const listFields = ['requires', 'conflicts', 'urls', 'env', 'processes', 'questions'] as const;

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
  for (const field of listFields) {
    if (m[field] !== undefined && !Array.isArray(m[field])) problems.push(`${field} must be a list`);
  }
  for (const env of (Array.isArray(m.env) ? m.env : []) as Record<string, unknown>[]) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(String(env?.name))) problems.push(`env name "${String(env?.name)}" is not UPPER_SNAKE`);
    if (typeof env?.description !== 'string') problems.push(`env ${String(env?.name)} needs a description`);
  }
  const enabledBy = m.enabledBy as Record<string, unknown> | undefined;
  if (enabledBy && (typeof enabledBy.question !== 'string' || !Array.isArray(enabledBy.values))) {
    problems.push('enabledBy needs a question and a list of values');
  }
  return problems.map((p) => `plugin ${folderName}: ${p}`);
}

export function loadCatalog(templates: string): Map<string, PluginManifest> {
  const root = join(templates, 'plugins');
  const catalog = new Map<string, PluginManifest>();
  if (!existsSync(root)) return catalog;
  for (const name of readdirSync(root).sort()) {
    const file = join(root, name, 'plugin.yaml');
    if (!existsSync(file)) continue;
    const raw = parse(readFileSync(file, 'utf8'));
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
      questions: [],
      ...raw,
      dir: join(root, name),
    });
  }
  return catalog;
}

/** Plugins switched on by the answers of the main questions. */
export function pluginsFromAnswers(catalog: Map<string, PluginManifest>, answers: Answers): string[] {
  return [...catalog.values()]
    .filter((p) => p.enabledBy && p.enabledBy.values.includes(answers[p.enabledBy.question]))
    .map((p) => p.name);
}

/**
 * The active plugins in dependency order (requirements first): the explicit ones, those the
 * answers enable, and everything they require. Unknown names and conflicts are refused.
 */
export function resolvePlugins(catalog: Map<string, PluginManifest>, wanted: string[]): PluginManifest[] {
  const ordered: PluginManifest[] = [];
  const visiting = new Set<string>();
  const visit = (name: string, neededBy?: string) => {
    const plugin = catalog.get(name);
    if (!plugin) {
      const suffix = neededBy ? ` (required by ${neededBy})` : '';
      throw new UserError(`unknown plugin "${name}"${suffix}; see: djangoflow plugin --list`);
    }
    if (ordered.includes(plugin) || visiting.has(name)) return;
    visiting.add(name);
    for (const dependency of plugin.requires) visit(dependency, name);
    ordered.push(plugin);
  };
  for (const name of wanted) visit(name);
  for (const plugin of ordered) {
    const clash = ordered.find((other) => plugin.conflicts.includes(other.name));
    if (clash) throw new UserError(`plugin ${plugin.name} conflicts with ${clash.name}; remove one of them`);
  }
  return ordered;
}
