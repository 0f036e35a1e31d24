/**
 * The Python tools of the cloud tests, each in a venv built once from its requirements file
 * (test/cloud/tools/<name>/requirements.txt) and cached with the project venvs
 * (test/support/stack.ts: keyed by the file's text, locked, shared between worktrees).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeRun, run, type RunResult } from '../support/process.js';
import { ensureVenv } from '../support/stack.js';

const toolsDir = fileURLToPath(new URL('./tools/', import.meta.url));
const toolPython = '3.13';

export interface Tool {
  /** A console script of the venv with its arguments. */
  run(script: string, args: readonly string[], options?: { cwd?: string; timeoutMs?: number }): Promise<RunResult>;
  /** Like run, but throws with the output unless the exit code is 0. */
  check(script: string, args: readonly string[], options?: { cwd?: string; timeoutMs?: number }): Promise<string>;
}

const tools = new Map<string, Promise<Tool>>();

async function build(name: string): Promise<Tool> {
  const venv = await ensureVenv(toolPython, join(toolsDir, name), ['requirements.txt']);
  const runScript = (script: string, args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}) =>
    run(join(venv, 'bin', script), args, {
      cwd: options.cwd,
      timeoutMs: options.timeoutMs ?? 300_000,
      env: { PATH: `${join(venv, 'bin')}:${process.env.PATH}`, HOME: process.env.HOME, LANG: 'C.UTF-8', BC_SKIP_MAPPING: 'TRUE', LOG_LEVEL: 'ERROR' },
    });
  return {
    run: runScript,
    check: async (script, args, options) => {
      const result = await runScript(script, args, options);
      if (result.code !== 0) throw new Error(describeRun(`${script} ${args.join(' ')}`, result));
      return result.stdout;
    },
  };
}

/** The tool venv `name` (built on first use, once per test process). */
export function tool(name: 'hcl' | 'checkov'): Promise<Tool> {
  let found = tools.get(name);
  if (!found) {
    found = build(name);
    tools.set(name, found);
  }
  return found;
}
