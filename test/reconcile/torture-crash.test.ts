/**
 * Torture, crashes: SIGKILL at every point of the apply (the fault hook DJANGOFLOW_FAULT),
 * SIGTERM and SIGINT (before the apply in both orders), staging and lock leftovers. After
 * each, the next command must find the project either as it was (files, record and base)
 * or fully applied, never between; nothing outside changes. Concurrent runs and stale or
 * live locks: torture-one-run.test.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  commitAll,
  deadPid,
  djangoflow,
  expectAsCommitted,
  expectOneLineError,
  git,
  makeSeed,
  pristineRef,
  recorded,
  removeSandboxes,
  sandbox,
  snapshot,
} from './torture-harness.js';
import { expectApplied, gitGuardHold, removeGitGuardHolds } from './torture-runs.js';

let seed: string;
/** The same project generated outside git: the outside-git cases copy it instead of generating. */
let outsideGitSeed: string;
beforeAll(async () => {
  [seed, outsideGitSeed] = await Promise.all([makeSeed(), makeSeed(['--defaults'], false)]);
});
afterAll(() => {
  removeSandboxes();
  removeGitGuardHolds();
});

describe('torture: SIGKILL during the apply, recovered by the next command', () => {
  it.each(['after-stage:1', 'after-journal:1', 'after-move:1', 'after-move:4', 'after-move:12', 'after-move:19'])(
    'killed at %s: the next command rolls it back, then the same command succeeds',
    async (fault) => {
      const sb = sandbox(seed);
      const outside = snapshot(sb.outside);
      const ref = pristineRef(sb.project);
      const killed = await djangoflow(sb.project, ['startapp', 'blog'], { DJANGOFLOW_FAULT: fault });
      expect(killed.signal).toBe('SIGKILL');
      const next = await djangoflow(sb.project, ['upgrade', '--check']);
      expect(next.stderr).toMatch(/rolled back|removed the staging files/);
      expect(next.code).toBe(0);
      expectAsCommitted(sb.project);
      expect(pristineRef(sb.project)).toBe(ref);
      const again = await djangoflow(sb.project, ['startapp', 'blog']);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/Added src\/apps\/blog\//);
      await expectApplied(sb.project, 'blog');
      expect(snapshot(sb.outside)).toEqual(outside);
    },
  );

  it.each(['after-pristine:1', 'after-commit:1'])('killed at %s (the base in force): the next command completes it', async (fault) => {
    const sb = sandbox(seed);
    const killed = await djangoflow(sb.project, ['startapp', 'blog'], { DJANGOFLOW_FAULT: fault });
    expect(killed.signal).toBe('SIGKILL');
    const next = await djangoflow(sb.project, ['upgrade', '--check']);
    expect(next.stderr).toMatch(/had applied everything/);
    await expectApplied(sb.project, 'blog');
  });

  it('killed after the index was marked for a conflict: rollback restores the index', async () => {
    const sb = sandbox(seed);
    const settings = 'src/config/sections/apps.py';
    writeFileSync(join(sb.project, settings), readFileSync(join(sb.project, settings), 'utf8').replace(/LOCAL_APPS = \[/, 'LOCAL_APPS = [  # mine\n'));
    commitAll(sb.project, 'edit');
    const index = git(sb.project, 'ls-files', '-s');
    const killed = await djangoflow(sb.project, ['startapp', 'blog'], { DJANGOFLOW_FAULT: 'after-index:1' });
    expect(killed.signal).toBe('SIGKILL');
    await djangoflow(sb.project, ['upgrade', '--check']);
    expect(git(sb.project, 'ls-files', '-s')).toBe(index);
    expectAsCommitted(sb.project);
  });

  it('outside git: a kill midway is rolled back and leaves no pristine.json temp file', async () => {
    const sb = sandbox(outsideGitSeed);
    const before = snapshot(sb.project);
    const killed = await djangoflow(sb.project, ['startapp', 'blog'], { DJANGOFLOW_FAULT: 'after-move:3' });
    expect(killed.signal).toBe('SIGKILL');
    const next = await djangoflow(sb.project, ['upgrade', '--check']);
    expect(next.code).toBe(0);
    expect(snapshot(sb.project)).toEqual(before);
    expect(readdirSync(join(sb.project, '.djangoflow'))).toEqual(['pristine.json']);
  });

  it('outside git: a kill after the base was renamed into place is completed', async () => {
    const sb = sandbox(outsideGitSeed);
    const killed = await djangoflow(sb.project, ['startapp', 'blog'], { DJANGOFLOW_FAULT: 'after-pristine:1' });
    expect(killed.signal).toBe('SIGKILL');
    const next = await djangoflow(sb.project, ['upgrade', '--check']);
    expect(next.stdout).toMatch(/up to date/);
    expect(recorded(sb.project).apps.map((a) => a.name)).toEqual(['blog']);
    expect(readdirSync(join(sb.project, '.djangoflow'))).toEqual(['pristine.json']);
  });

  it('outside git: a full disk while writing the base leaves the project as it was, no temp file', async () => {
    const sb = sandbox(outsideGitSeed);
    const before = snapshot(sb.project);
    // A 100 KB file size limit: the staged files fit, the JSON base (several 100 KB) does not.
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn('bash', ['-c', `ulimit -f 100; exec "${process.execPath}" "${join(process.cwd(), 'bin/djangoflow.js')}" startapp blog`], {
        cwd: sb.project,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/EFBIG.*nothing was changed/);
    expect(snapshot(sb.project)).toEqual(before);
    expect(readdirSync(join(sb.project, '.djangoflow'))).toEqual(['pristine.json']);
  });

  it('a kill during the first generation leaves an empty folder the next generation fills', async () => {
    const sb = sandbox(null);
    git(sb.project, 'init', '-q');
    const killed = await djangoflow(sb.project, ['--defaults'], { DJANGOFLOW_FAULT: 'after-move:40' });
    expect(killed.signal).toBe('SIGKILL');
    const again = await djangoflow(sb.project, ['--defaults']);
    expect(again.stderr).toMatch(/rolled back/);
    expect(again.code).toBe(0);
    expect(existsSync(join(sb.project, '.yo-rc.json'))).toBe(true);
  });

  it('staging folders of a run killed before its journal never block the next run', async () => {
    const sb = sandbox(seed);
    mkdirSync(join(sb.project, '.djangoflow/tmp-999999/staged'), { recursive: true });
    writeFileSync(join(sb.project, '.djangoflow/tmp-999999/staged/0'), 'half');
    writeFileSync(join(sb.project, '.djangoflow/pristine.json.tmp-999999'), '{"form');
    const run = await djangoflow(sb.project, ['startapp', 'blog']);
    expect(run.code).toBe(0);
    await expectApplied(sb.project, 'blog');
  });

  it('lock files a killed run left half-made (a draft, one moved aside) are swept', async () => {
    const sb = sandbox(seed);
    mkdirSync(join(sb.project, '.djangoflow'));
    const dead = deadPid();
    for (const name of [`lock.new-${dead}`, `lock.stale-${dead}`]) writeFileSync(join(sb.project, '.djangoflow', name), '{}');
    const run = await djangoflow(sb.project, ['startapp', 'blog']);
    expect(run.code).toBe(0);
    await expectApplied(sb.project, 'blog'); // no .djangoflow/ left
  });

  it("a lock draft of a run still alive is left for it", async () => {
    const sb = sandbox(seed);
    mkdirSync(join(sb.project, '.djangoflow'));
    writeFileSync(join(sb.project, '.djangoflow', `lock.new-${process.pid}`), '{}');
    const run = await djangoflow(sb.project, ['startapp', 'blog']);
    expect(run.code).toBe(0);
    expect(readdirSync(join(sb.project, '.djangoflow'))).toEqual([`lock.new-${process.pid}`]);
  });
});

describe('torture: SIGTERM and SIGINT roll back and say so', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ])('%s midway: rolled back, exit %i, never "Added"', async (signal, code) => {
    const sb = sandbox(seed);
    const ref = pristineRef(sb.project);
    const run = await djangoflow(sb.project, ['startapp', 'blog'], { DJANGOFLOW_FAULT: `after-move:3:${signal}` });
    expect(run.code).toBe(code);
    expectOneLineError(run, new RegExp(`interrupted \\(${signal}\\): rolled back`));
    expect(run.stdout).not.toMatch(/Added/);
    expectAsCommitted(sb.project);
    expect(pristineRef(sb.project)).toBe(ref);
  });

  it('SIGTERM after the commit: exit 143, says the changes were applied, not cancelled', async () => {
    const sb = sandbox(seed);
    const run = await djangoflow(sb.project, ['startapp', 'blog'], { DJANGOFLOW_FAULT: 'after-commit:1:SIGTERM' });
    expect(run.code).toBe(143);
    expect(run.stderr).toMatch(/after the changes were fully applied/);
    expect(run.stderr).not.toMatch(/rolled back|nothing was written|cancelled/);
    await expectApplied(sb.project, 'blog');
  });

  // Both orders of a SIGTERM and the apply, forced. While rendering: the run is held in its
  // git guard (gitGuardHold), so it cannot reach the apply before the real signal arrives.
  // At the point: the fault hook delivers it once the render and plan are done, just before
  // the apply would start.
  it('SIGTERM while rendering (the guard still running): exit 143, nothing written', async () => {
    const sb = sandbox(seed);
    const ref = pristineRef(sb.project);
    const hold = gitGuardHold();
    let child: ChildProcess | undefined;
    const running = djangoflow(sb.project, ['startapp', 'blog'], hold.env, (started) => (child = started));
    try {
      await hold.held(sb.project);
      child!.kill('SIGTERM');
      const run = await running;
      expect(run.code).toBe(143);
      expectOneLineError(run, /^djangoflow: interrupted \(SIGTERM\); nothing was written$/m);
      expect(run.stdout).toBe('');
    } finally {
      hold.release();
    }
    expectAsCommitted(sb.project);
    expect(pristineRef(sb.project)).toBe(ref);
  });

  it('SIGTERM once rendered, just before the apply: exit 143, nothing written', async () => {
    const sb = sandbox(seed);
    const ref = pristineRef(sb.project);
    const run = await djangoflow(sb.project, ['startapp', 'blog'], { DJANGOFLOW_FAULT: 'before-apply:1:SIGTERM' });
    expect(run.code).toBe(143);
    expectOneLineError(run, /^djangoflow: interrupted \(SIGTERM\); nothing was written$/m);
    expect(run.stdout).toBe('');
    expectAsCommitted(sb.project);
    expect(pristineRef(sb.project)).toBe(ref);
  });
});
