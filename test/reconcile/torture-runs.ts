/**
 * What the crash and one-run torture files share: "fully applied" checked the same way, and
 * a run held before it writes anything, so a test can act while it holds the lock.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { djangoflow, git, recorded } from './torture-harness.js';

/** Fully applied: the app's files, its record and a base that has them move together. */
export async function expectApplied(project: string, app: string): Promise<void> {
  expect(recorded(project).apps.map((a) => a.name)).toContain(app);
  expect(existsSync(join(project, `src/apps/${app}/models.py`))).toBe(true);
  expect(git(project, 'show', `refs/djangoflow/pristine:src/apps/${app}/models.py`)).toBeTruthy();
  const check = await djangoflow(project, ['upgrade', '--check']);
  expect(check.stdout).toMatch(/up to date/);
  expect(check.code).toBe(0);
  expect(readdirSync(project)).not.toContain('.djangoflow');
}

/**
 * Holds a run before it writes anything, deterministically: the git guard's `git status`
 * (run alongside the render, awaited before the apply) calls an fsmonitor hook that waits
 * until `release()`, once (a failing hook after that: git scans the tree itself). `env`
 * goes to the held run only; `held(project)` resolves once it is held with the project's
 * lock taken (so its signal listeners are in place).
 */
export function gitGuardHold() {
  const dir = mkdtempSync(join(tmpdir(), 'djangoflow-hold-'));
  holdDirs.push(dir);
  const hook = join(dir, 'fsmonitor');
  writeFileSync(hook, `#!/bin/sh\n[ -e ${dir}/held ] && exit 1\necho $$ > ${dir}/held\nexec sleep 120\n`, { mode: 0o755 });
  const release = () => {
    const pid = existsSync(join(dir, 'held')) ? Number(readFileSync(join(dir, 'held'), 'utf8')) : 0;
    if (pid && existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
  };
  const held = async (project: string) => {
    for (const until = Date.now() + 60_000; !(existsSync(join(dir, 'held')) && existsSync(join(project, '.djangoflow/lock'))); ) {
      if (Date.now() > until) throw new Error("the run never reached the git guard's status with its lock taken");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { env: { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.fsmonitor', GIT_CONFIG_VALUE_0: hook }, held, release };
}

const holdDirs: string[] = [];

/** Removes the hook folders of every gitGuardHold (after all its runs ended). */
export function removeGitGuardHolds(): void {
  for (const dir of holdDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
