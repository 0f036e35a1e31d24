import { binPath } from './paths.js';
import { run, type RunResult } from './process.js';
import { makeTempDir } from './tempdir.js';

export interface GenerateResult extends RunResult {
  /** The folder the bin ran in (the generated project when it writes in place). */
  dir: string;
}

export interface GenerateOptions {
  /** Run in this folder instead of a fresh temp folder. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * Runs the built bin (`node bin/djangoflow.js <args>`) the way a user would, with stdin
 * closed, in a fresh temp folder unless `cwd` is given. The caller removes the folder.
 */
export async function generate(args: readonly string[], options: GenerateOptions = {}): Promise<GenerateResult> {
  const dir = options.cwd ?? makeTempDir('gen');
  const result = await run(process.execPath, [binPath, ...args], {
    cwd: dir,
    env: { ...process.env, CI: 'true', ...options.env },
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  return { dir, ...result };
}
