/**
 * Small helpers of the end-to-end tests: assertions that carry a command's whole output,
 * and what a generated project's files say about its deployments and its use of Redis.
 * The end-to-end suite itself is real-stack.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeRun, type RunResult } from './process.js';

/** `expect(...)` that the command exited 0, with the whole output in the failure message. */
export function expectSuccess(label: string, result: RunResult): void {
  expect(describeRun(label, result)).toMatch(
    new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} exited with 0`),
  );
}

/** Settings modules of the deployments (`src/config/<name>/settings.py` → `config.<name>.settings`). */
export function deploymentSettings(projectDir: string): string[] {
  const config = join(projectDir, 'src/config');
  return readdirSync(config, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(config, entry.name, 'settings.py')))
    .map((entry) => `config.${entry.name}.settings`)
    .sort();
}

/** Variables `.env.example` documents with a redis:// example: the project talks to Redis. */
export function redisVariables(projectDir: string): string[] {
  const example = readFileSync(join(projectDir, '.env.example'), 'utf8');
  return [...example.matchAll(/^([A-Z_][A-Z0-9_]*)=["']?rediss?:\/\//gm)].map((match) => match[1]!);
}
