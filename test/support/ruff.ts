import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PositionEncoding, Workspace, type Diagnostic } from '@astral-sh/ruff-wasm-nodejs';
import { parse as parseToml } from 'smol-toml';
import { readText } from './files.js';

/**
 * Rules every generated Python file must pass on top of the project's own ruff
 * configuration: pyflakes, ruff's default pycodestyle errors, and Django's DJ rules.
 */
export const requiredRules = ['F', 'E4', 'E7', 'E9', 'DJ'];

type RuffSettings = Record<string, unknown> & { lint?: Record<string, unknown> };

interface ProjectRuff {
  settings: RuffSettings;
  /** `[tool.ruff.lint.per-file-ignores]`: the wasm workspace lints without a path, so we apply it here. */
  perFileIgnores: Array<{ pattern: RegExp; codes: string[] }>;
  excludes: RegExp[];
  /** Rules the project selects itself, to check the config is not a no-op. */
  selected: string[];
}

/** Ruff-style glob (`*` and `**` cross folders, like globset's defaults) → anchored regex. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      source += '.*';
      if (glob[i + 1] === '*') i++;
    } else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^(.*/)?${source}$`);
}

/** Reads `[tool.ruff]` from the project's pyproject.toml (empty settings when absent). */
export function readProjectRuff(projectDir: string): ProjectRuff {
  const pyprojectPath = join(projectDir, 'pyproject.toml');
  const pyproject = existsSync(pyprojectPath) ? parseToml(readText(projectDir, 'pyproject.toml')) : {};
  const tool = (pyproject.tool ?? {}) as Record<string, unknown>;
  const ruff = structuredClone((tool.ruff ?? {}) as RuffSettings);
  const lint = (ruff.lint ?? {}) as Record<string, unknown>;
  const perFileIgnores = Object.entries((lint['per-file-ignores'] ?? {}) as Record<string, string[]>).map(
    ([glob, codes]) => ({ pattern: globToRegExp(glob), codes }),
  );
  const excludes = [...((ruff.exclude ?? []) as string[]), ...((ruff['extend-exclude'] ?? []) as string[])].map(
    globToRegExp,
  );
  const selected = [
    ...((lint.select ?? ruff.select ?? []) as string[]),
    ...((lint['extend-select'] ?? []) as string[]),
  ];
  delete lint['per-file-ignores'];
  delete ruff.exclude;
  delete ruff['extend-exclude'];
  delete ruff.src;
  lint['extend-select'] = [...((lint['extend-select'] ?? []) as string[]), ...requiredRules];
  ruff.lint = lint;
  return { settings: ruff, perFileIgnores, excludes, selected };
}

export interface RuffProblems {
  lint: string[];
  format: string[];
  config: string[];
}

/** Creating a workspace costs ~150 ms: share one per distinct configuration. */
const workspaces = new Map<string, Workspace>();

function workspaceFor(settings: RuffSettings): Workspace {
  const key = JSON.stringify(settings);
  let workspace = workspaces.get(key);
  if (!workspace) {
    workspace = new Workspace(settings, PositionEncoding.Utf16);
    workspaces.set(key, workspace);
  }
  return workspace;
}

/**
 * What ruff says of one source under one configuration: the wasm workspace lints and formats
 * without a path, so the answer is a function of (configuration, source) alone. The matrix
 * renders the same file in many projects (~100 Python files each, ~1.3 s of ruff per
 * project): each distinct source is checked once per configuration.
 */
interface RuffVerdict {
  diagnostics: Diagnostic[];
  /** undefined: formatting leaves it as it is; else the problem, without the path. */
  format?: string;
}
const verdicts = new Map<string, RuffVerdict>();

function verdictOf(workspace: Workspace, settingsKey: string, source: string): RuffVerdict {
  const key = createHash('sha256').update(settingsKey).update('\0').update(source).digest('hex');
  const known = verdicts.get(key);
  if (known) return known;
  const verdict: RuffVerdict = { diagnostics: workspace.check(source) as Diagnostic[] };
  try {
    if (workspace.format(source) !== source) verdict.format = 'not ruff-formatted';
  } catch (error) {
    verdict.format = `ruff cannot format it: ${String(error)}`;
  }
  verdicts.set(key, verdict);
  return verdict;
}

const describe = (path: string, d: Diagnostic): string =>
  `${path}:${d.start_location.row}:${d.start_location.column}: ${d.code ?? 'invalid-syntax'} ${d.message}`;

/**
 * Lints and format-checks every `.py` file with ruff (wasm, in process) under the
 * project's own pyproject settings plus `requiredRules`. One workspace per project.
 */
export function ruffProblems(projectDir: string, files: readonly string[]): RuffProblems {
  const project = readProjectRuff(projectDir);
  const config: string[] = [];
  if (!project.selected.some((code) => code === 'DJ' || code === 'ALL')) {
    config.push('pyproject.toml: [tool.ruff.lint] does not select the Django rules (DJ)');
  }
  let workspace: Workspace;
  const settingsKey = JSON.stringify(project.settings);
  try {
    workspace = workspaceFor(project.settings);
  } catch (error) {
    return { lint: [], format: [], config: [...config, `pyproject.toml: ruff rejects [tool.ruff]: ${String(error)}`] };
  }
  const lint: string[] = [];
  const format: string[] = [];
  for (const path of files) {
    if (!path.endsWith('.py') || project.excludes.some((pattern) => pattern.test(path))) continue;
    const source = readText(projectDir, path);
    const ignored = project.perFileIgnores.filter((rule) => rule.pattern.test(path)).flatMap((rule) => rule.codes);
    const verdict = verdictOf(workspace, settingsKey, source);
    for (const diagnostic of verdict.diagnostics) {
      const code = diagnostic.code;
      if (code && ignored.some((prefix) => code.startsWith(prefix))) continue;
      lint.push(describe(path, diagnostic));
    }
    if (verdict.format) format.push(`${path}: ${verdict.format}`);
  }
  return { lint, format, config };
}
