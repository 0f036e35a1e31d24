/**
 * The real readers of generated text, for read-back tests: django-environ (how the project
 * reads .env) and PyYAML (a YAML 1.1 loader, as Ansible, older tools and PyYAML users read
 * YAML), installed once into a small venv of pyenv's Python cached like the project stacks
 * (test/support/stack.ts). A missing Python or a failed install fails the test that asks.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, defaultPythonVersion, ensureVenv } from './stack.js';

/** The versions templates/lock.yaml pins for generated projects. */
const requirements = 'django-environ==0.14.0\npyyaml==6.0.4\n';

/** The venv's python; built on first use (a few seconds from pip's cache). */
export async function readersPython(): Promise<string> {
  const dir = join(cacheRoot(), 'readers');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'requirements.txt'), requirements);
  const venv = await ensureVenv(defaultPythonVersion, dir, ['requirements.txt']);
  return join(venv, 'bin/python');
}

/** Runs a Python program in the readers' venv with `data` (JSON) on stdin; its stdout as JSON. */
export function runReader(python: string, program: string, data: unknown): unknown {
  const out = execFileSync(python, ['-c', program], { input: JSON.stringify(data), encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out);
}

/** What django-environ's Env.read_env sets for each `V<i>=<value>` line of a .env file. */
export function readEnvFile(python: string, dir: string, values: readonly string[]): string[] {
  const path = join(dir, '.env');
  writeFileSync(path, values.map((value, i) => `V${i}=${value}\n`).join(''));
  const program = [
    'import json, os, sys, environ',
    'count = json.load(sys.stdin)',
    'for i in range(count): os.environ.pop(f"V{i}", None)',
    `environ.Env.read_env(${JSON.stringify(path)})`,
    'print(json.dumps([os.environ.get(f"V{i}") for i in range(count)]))',
  ].join('\n');
  return runReader(python, program, values.length) as string[];
}

/** What PyYAML's safe_load (YAML 1.1) reads from each document. */
export function loadYaml11(python: string, documents: readonly string[]): unknown[] {
  return runReader(python, 'import json, sys, yaml\nprint(json.dumps([yaml.safe_load(d) for d in json.load(sys.stdin)]))', documents) as unknown[];
}
