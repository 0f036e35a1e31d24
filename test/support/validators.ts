import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isBinary, isShellScript, listFiles, readBytes, readText } from './files.js';
import { run } from './process.js';
import { ruffProblems } from './ruff.js';

interface WorkflowValidationState {
  errors: Array<{ code: string; title: string; detail?: string; path?: string; states?: unknown[] }>;
}

// @action-validator/core is a wasm-pack "nodejs" (CommonJS) build; it embeds SchemaStore's
// github-workflow JSON schema, so validation works offline.
const { validateWorkflow } = createRequire(import.meta.url)('@action-validator/core') as {
  validateWorkflow(source: string): WorkflowValidationState;
};

/**
 * External validators are slow to start (docker-compose ~2 s) and the generation matrix
 * produces the same file many times: results are cached by the content they depend on.
 */
const resultCache = new Map<string, string[]>();

function contentKey(tool: string, ...contents: Array<string | Buffer>): string {
  const hash = createHash('sha256').update(tool);
  for (const content of contents) hash.update('\0').update(content);
  return hash.digest('hex');
}

async function cached(key: string, compute: () => Promise<string[]>): Promise<string[]> {
  const hit = resultCache.get(key);
  if (hit) return hit;
  const result = await compute();
  resultCache.set(key, result);
  return result;
}

const yamlFile = (path: string): boolean => /\.ya?ml$/.test(path);
const composeFile = (path: string): boolean => /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(basename(path));
const workflowFile = (path: string): boolean => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);

/** Template tags that must not survive rendering (EJS). */
export function templateTagProblems(dir: string, files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const path of files) {
    const content = readBytes(dir, path);
    if (isBinary(content)) continue;
    content
      .toString('utf8')
      .split('\n')
      .forEach((line, index) => {
        if (line.includes('<%') || line.includes('%>'))
          problems.push(`${path}:${index + 1}: template tag left: ${line.trim()}`);
      });
  }
  return problems;
}

/** LF line endings, a final newline on every non-empty text file, valid UTF-8. */
export function textHygieneProblems(dir: string, files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const path of files) {
    const content = readBytes(dir, path);
    if (isBinary(content) || content.length === 0) continue;
    const text = content.toString('utf8');
    if (text.includes('\uFFFD')) problems.push(`${path}: not valid UTF-8`);
    if (text.includes('\r')) problems.push(`${path}: has CR (non-LF) line endings`);
    if (!text.endsWith('\n')) problems.push(`${path}: does not end with a newline`);
  }
  return problems;
}

export function jsonProblems(dir: string, files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const path of files.filter((file) => file.endsWith('.json'))) {
    try {
      JSON.parse(readText(dir, path));
    } catch (error) {
      problems.push(`${path}: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** Every YAML file parses (all documents), then `yamllint -d relaxed` reports no error. */
export async function yamlProblems(dir: string, files: readonly string[]): Promise<string[]> {
  const yamlFiles = files.filter(yamlFile);
  const problems: string[] = [];
  for (const path of yamlFiles) {
    for (const document of parseAllDocuments(readText(dir, path))) {
      for (const error of document.errors) problems.push(`${path}: ${error.message.split('\n')[0]}`);
    }
  }
  // yamllint reports with the path it was given: lint uncached files in one run, then
  // remember each file's lines by its content.
  const key = (path: string): string => contentKey('yamllint', path, readBytes(dir, path));
  const unseen = yamlFiles.filter((path) => !resultCache.has(key(path)));
  if (unseen.length > 0) {
    const lint = await run('yamllint', ['-d', 'relaxed', '-f', 'parsable', ...unseen], { cwd: dir });
    const errors = lint.stdout.split('\n').filter((line) => line.includes('[error]'));
    if (lint.code !== 0 && errors.length === 0) {
      problems.push(`yamllint failed: ${lint.stderr.trim()}`);
    } else {
      for (const path of unseen)
        resultCache.set(
          key(path),
          errors.filter((line) => line.startsWith(`${path}:`)),
        );
    }
  }
  for (const path of yamlFiles) problems.push(...(resultCache.get(key(path)) ?? []));
  return problems;
}

/**
 * An env file as far as `compose` can tell it apart from another: a plain value (nothing a
 * parser interprets) of a variable the compose file never names, in an env file it does not
 * load (env_file:), is not interpolated anywhere, so only its name counts. That is each
 * project's fresh DJANGO_SECRET_KEY in .env, which would otherwise make every key unique.
 */
export function composeEnvKey(composeText: string, envPath: string, envText: string): string {
  if (composeText.includes(basename(envPath))) return envText;
  return envText
    .split('\n')
    .map((line) => {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=([A-Za-z0-9_-]*)$/.exec(line);
      const name = match?.[1];
      if (!name || /^(COMPOSE|DOCKER)_/.test(name) || composeText.includes(name)) return line;
      return `${name}=<a plain value compose never reads>`;
    })
    .join('\n');
}

/** `docker-compose -f <file> config -q` for every compose file (needs no Docker engine). */
export async function composeProblems(dir: string, files: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  // The result also depends on the env files compose reads (.env, env_file: entries).
  const envFiles = files.filter((path) => /(^|\/)\.env[^/]*$|(^|\/)\.envs\//.test(path));
  for (const path of files.filter(composeFile)) {
    const composeText = readText(dir, path);
    const envContents = envFiles.flatMap((env) => [env, composeEnvKey(composeText, env, readText(dir, env))]);
    const key = contentKey('docker-compose', path, composeText, ...envContents);
    problems.push(
      ...(await cached(key, async () => {
        const result = await run('docker-compose', ['-f', path, 'config', '-q'], { cwd: dir });
        const ok = result.code === 0 && result.stderr.trim() === '';
        return ok ? [] : [`${path}: docker-compose config: ${(result.stderr || result.stdout).trim()}`];
      })),
    );
  }
  return problems;
}

function flattenWorkflowErrors(errors: WorkflowValidationState['errors'], into: string[], path: string): void {
  for (const error of errors) {
    const nested = (error.states ?? []) as WorkflowValidationState[];
    if (nested.length > 0) {
      // oneOf/anyOf: report the alternative that came closest.
      const closest = [...nested].sort((a, b) => a.errors.length - b.errors.length)[0]!;
      flattenWorkflowErrors(closest.errors, into, path);
    } else {
      into.push(`${path}: ${error.path ?? ''} ${error.title}${error.detail ? `: ${error.detail}` : ''}`.trim());
    }
  }
}

/** GitHub Actions workflows against SchemaStore's github-workflow schema. */
export function workflowProblems(dir: string, files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const path of files.filter(workflowFile)) {
    flattenWorkflowErrors(validateWorkflow(readText(dir, path)).errors, problems, path);
  }
  return problems;
}

/** `shellcheck` on every shell script (a sh/bash shebang or `.sh`). */
export async function shellProblems(dir: string, files: readonly string[]): Promise<string[]> {
  const scripts = files.filter((path) => {
    const content = readBytes(dir, path);
    return !isBinary(content) && isShellScript(path, content.toString('utf8'));
  });
  const key = (path: string): string => contentKey('shellcheck', path, readBytes(dir, path));
  const checkOne = async (path: string): Promise<string[]> => {
    const result = await run('shellcheck', ['-f', 'gcc', path], { cwd: dir });
    if (result.code === 0) return [];
    const lines = result.stdout.split('\n').filter(Boolean);
    return lines.length > 0 ? lines : [`${path}: shellcheck failed: ${result.stderr.trim()}`];
  };
  // The scripts not seen before in one shellcheck run (each script is checked on its own;
  // its lines start with the path it was given), as yamllint above: a process per script
  // costs more than the check. Anything on stderr (a script it could not read or parse)
  // or a line it does not tell apart and the scripts are checked one by one, as before.
  const unseen = scripts.filter((path) => !resultCache.has(key(path)));
  if (unseen.length > 1) {
    const batch = await run('shellcheck', ['-f', 'gcc', ...unseen], { cwd: dir });
    const lines = batch.stdout.split('\n').filter(Boolean);
    const owner = (line: string) => unseen.find((path) => line.startsWith(`${path}:`));
    const told = batch.code === 0 ? lines.length === 0 : batch.code === 1 && lines.length > 0 && lines.every(owner);
    if (told && batch.stderr.trim() === '') {
      for (const path of unseen) resultCache.set(key(path), lines.filter((line) => owner(line) === path));
    }
  }
  const problems: string[] = [];
  for (const path of scripts) problems.push(...(await cached(key(path), () => checkOne(path))));
  return problems;
}

export interface ValidationReport {
  files: string[];
  templateTags: string[];
  textHygiene: string[];
  json: string[];
  ruffLint: string[];
  ruffFormat: string[];
  ruffConfig: string[];
  yaml: string[];
  compose: string[];
  workflows: string[];
  shell: string[];
}

/** Runs every static validator on a generated project; each list holds that check's problems. */
export async function validateProject(dir: string): Promise<ValidationReport> {
  const files = listFiles(dir);
  const ruff = ruffProblems(dir, files);
  const [yaml, compose, shell] = await Promise.all([
    yamlProblems(dir, files),
    composeProblems(dir, files),
    shellProblems(dir, files),
  ]);
  return {
    files,
    templateTags: templateTagProblems(dir, files),
    textHygiene: textHygieneProblems(dir, files),
    json: jsonProblems(dir, files),
    ruffLint: ruff.lint,
    ruffFormat: ruff.format,
    ruffConfig: ruff.config,
    yaml,
    compose,
    workflows: workflowProblems(dir, files),
    shell,
  };
}

/** The problem lists of a report, without the file list: `expect(problemsOf(r)).toEqual(noProblems)`. */
export function problemsOf(report: ValidationReport): Omit<ValidationReport, 'files'> {
  const { files: _files, ...problems } = report;
  return problems;
}

export const noProblems: Omit<ValidationReport, 'files'> = {
  templateTags: [],
  textHygiene: [],
  json: [],
  ruffLint: [],
  ruffFormat: [],
  ruffConfig: [],
  yaml: [],
  compose: [],
  workflows: [],
  shell: [],
};
