import { templatesDir } from '../../lib/template-set/paths.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { type PluginManifest } from '../../lib/plugins/manifest.js';
import { loadCatalog } from '../../lib/plugins/catalog.js';
import { listFiles, readBytes } from '../support/files.js';
import type { GenerateResult } from '../support/generate.js';
import { generateInProcess } from '../support/generate-in-process.js';
import { repoRoot } from '../support/paths.js';
import { makeTempDir } from '../support/tempdir.js';

/** The shipped catalog (templates/plugins). */
export function catalog(): Map<string, PluginManifest> {
  return loadCatalog(join(repoRoot, 'templates'));
}

/**
 * A project with every answer-enabled plugin switched off, so each plugin of the catalog can
 * be added to a copy of it: no API, local-memory cache, no Sentry, SMTP, local storage.
 */
export const bareArgs = ['--defaults', '--project-name', 'Plug Test', '--api', 'none', '--cache', 'locmem', '--no-sentry'];

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd: dir,
    encoding: 'utf8',
  });
}

export function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
}

/** Generates a project into a fresh folder and commits it (git init first, as users do). */
export async function generatedProject(args: readonly string[] = bareArgs): Promise<string> {
  const dir = makeTempDir('plugin');
  git(dir, 'init', '-q');
  const result = await generateInProcess(args, { cwd: dir });
  if (result.code !== 0) throw new Error(`generation failed:\n${result.stdout}\n${result.stderr}`);
  commitAll(dir, 'generated');
  // A bare project: without the plugins new projects start with, so every plugin can be added.
  for (const plugin of loadTemplateSet(templatesDir()).core.defaultPlugins ?? []) {
    const removed = await djangoflow(dir, ['plugin', '--remove', plugin]);
    if (removed.code !== 0) throw new Error(`removing ${plugin} failed:\n${removed.stdout}\n${removed.stderr}`);
  }
  commitAll(dir, 'bare');
  return dir;
}

/** A copy of a project, with its git history and the stored merge base. */
export function copyProject(dir: string, prefix = 'plugin-copy'): string {
  const copy = makeTempDir(prefix);
  cpSync(dir, copy, { recursive: true });
  return copy;
}

/** A command in the project, run in this process (generate-in-process.ts): these tests are about what it writes. */
export function djangoflow(dir: string, args: readonly string[]): Promise<GenerateResult> {
  return generateInProcess(args, { cwd: dir });
}

/** Every file (outside .git) with a hash of its bytes: equal snapshots, equal trees. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    listFiles(dir).map((path) => [path, createHash('sha256').update(readBytes(dir, path)).digest('hex')]),
  );
}

/** Runs `djangoflow <args>` and expects exactly this one-line refusal, exit 1, and every file of the project as it was. */
export async function expectRefused(dir: string, args: readonly string[], message: string): Promise<void> {
  const before = snapshot(dir);
  const result = await djangoflow(dir, args);
  expect({ code: result.code, stderr: result.stderr.trim() }).toEqual({ code: 1, stderr: `djangoflow: ${message}` });
  expect(snapshot(dir)).toEqual(before);
}

export function recordedState(dir: string): { answers: Record<string, unknown>; plugins: string[] } {
  return JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-djangoflow'];
}
