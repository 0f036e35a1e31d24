/**
 * Torture, crashes and concurrent runs: SIGKILL at every point of the apply (the fault
 * hook DJANGOFLOW_FAULT), SIGTERM and SIGINT, staging leftovers, stale and live locks, and
 * two runs started at once. After each, the next command must find the project either as
 * it was (files, record and base) or fully applied, never between; nothing outside changes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

let seed: string;
/** The same project generated outside git: the outside-git cases copy it instead of generating. */
let outsideGitSeed: string;
beforeAll(async () => {
  [seed, outsideGitSeed] = await Promise.all([makeSeed(), makeSeed(['--defaults'], false)]);
});
afterAll(removeSandboxes);

/** Fully applied: the app's files, its record and a base that has them move together. */
async function expectApplied(project: string, app: string): Promise<void> {
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
const holdDirs: string[] = [];
afterAll(() => holdDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function gitGuardHold() {
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

describe('torture: one run at a time', () => {
  it('a live lock refuses the run with one line, nothing written', async () => {
    const sb = sandbox(seed);
    const holder = spawn('sleep', ['30']);
    try {
      const start = readFileSync(`/proc/${holder.pid}/stat`, 'utf8');
      const ticks = start.slice(start.lastIndexOf(')') + 2).split(' ')[19];
      mkdirSync(join(sb.project, '.djangoflow'));
      const { hostname } = await import('node:os');
      writeFileSync(join(sb.project, '.djangoflow/lock'), JSON.stringify({ pid: holder.pid, start: ticks, host: hostname() }));
      const run = await djangoflow(sb.project, ['startapp', 'blog']);
      expect(run.code).toBe(1);
      expectOneLineError(run, new RegExp(`another djangoflow run \\(pid ${holder.pid}\\)`));
      expect(git(sb.project, 'status', '--porcelain')).toBe('');
    } finally {
      holder.kill();
    }
  });

  it.each([
    ['a dead process', () => ({ pid: deadPid(), start: '1' })],
    ['a reused pid (another start time)', () => ({ pid: process.pid, start: '1' })],
    ['an unreadable lock file', () => null],
  ])('a stale lock of %s is taken over', async (_label, owner) => {
    const sb = sandbox(seed);
    mkdirSync(join(sb.project, '.djangoflow'));
    const { hostname } = await import('node:os');
    const value = owner();
    const lock = join(sb.project, '.djangoflow/lock');
    writeFileSync(lock, value ? JSON.stringify({ ...value, host: hostname() }) : '');
    if (!value) {
      const { utimesSync } = await import('node:fs');
      utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    }
    const run = await djangoflow(sb.project, ['startapp', 'blog']);
    expect(run.code).toBe(0);
    await expectApplied(sb.project, 'blog');
  });

  it.each([
    ['two startapp', ['startapp', 'blog', '--force'], ['startapp', 'shop', '--force']],
    ['startapp and plugin', ['startapp', 'blog', '--force'], ['plugin', 'celery', '--force', '--defaults']],
    ['two upgrade --force', ['upgrade', '--force'], ['upgrade', '--force']],
  ])('%s at once: no lost update, whichever way the race goes (each order forced below)', async (_label, first, second) => {
    const sb = sandbox(seed);
    const outside = snapshot(sb.outside);
    const [a, b] = await Promise.all([djangoflow(sb.project, first), djangoflow(sb.project, second)]);
    for (const run of [a, b]) {
      if (run.code !== 0) expectOneLineError(run, /another djangoflow run/);
    }
    expect([a.code, b.code]).toContain(0);
    const state = recorded(sb.project);
    for (const [run, args] of [
      [a, first],
      [b, second],
    ] as const) {
      if (run.code !== 0) continue;
      if (args[0] === 'startapp') expect(state.apps.map((x) => x.name)).toContain(args[1]);
      // A plugin a question switches on (celery: --celery) is recorded as that answer.
      if (args[0] === 'plugin') expect([...state.plugins, ...Object.keys(state.answers).filter((key) => state.answers[key] === true)]).toContain(args[1]);
    }
    const check = await djangoflow(sb.project, ['upgrade', '--check']);
    expect(check.code).toBe(0);
    expect(readdirSync(sb.project)).not.toContain('.djangoflow');
    expect(snapshot(sb.outside)).toEqual(outside);
  });

  // The race above may not overlap at all: here each order is forced. The winner is held
  // with the lock taken, before it writes (gitGuardHold: its tree is clean, so no --force,
  // which skips the guard); the loser runs to its refusal, then the winner goes on. The
  // loser must change nothing, the winner apply everything.
  it.each([
    ['two startapp', ['startapp', 'blog'], ['startapp', 'shop', '--force']],
    ['startapp and plugin', ['startapp', 'blog'], ['plugin', 'celery', '--force', '--defaults']],
    ['plugin and startapp', ['plugin', 'celery', '--defaults'], ['startapp', 'blog', '--force']],
    ['two upgrade', ['upgrade'], ['upgrade', '--force']],
  ])('%s, the first holding the lock: the loser changes nothing', async (_label, winner, loser) => {
    const sb = sandbox(seed);
    const outside = snapshot(sb.outside);
    const hold = gitGuardHold();
    const winning = djangoflow(sb.project, winner, hold.env);
    try {
      await hold.held(sb.project);
      const before = snapshot(sb.project);
      const head = git(sb.project, 'rev-parse', 'HEAD');
      const lost = await djangoflow(sb.project, loser);
      expectOneLineError(lost, /another djangoflow run/);
      expect(lost.code).toBe(1);
      expect(snapshot(sb.project)).toEqual(before);
      expect(git(sb.project, 'rev-parse', 'HEAD')).toBe(head);
    } finally {
      hold.release();
    }
    const won = await winning;
    expect(won.code).toBe(0);
    const state = recorded(sb.project);
    if (winner[0] === 'startapp') expect(state.apps.map((x) => x.name)).toEqual([winner[1]]);
    else expect(state.apps).toEqual([]);
    if (loser[0] === 'plugin') expect(state.answers.celery).not.toBe(true);
    else expect(state.answers.celery === true).toBe(winner[0] === 'plugin');
    const check = await djangoflow(sb.project, ['upgrade', '--check']);
    expect(check.code).toBe(0);
    expect(readdirSync(sb.project)).not.toContain('.djangoflow');
    expect(snapshot(sb.outside)).toEqual(outside);
  });

  it('two generations in one empty folder at once: one project, consistent', async () => {
    const sb = sandbox(null);
    git(sb.project, 'init', '-q');
    const [a, b] = await Promise.all([djangoflow(sb.project, ['--defaults']), djangoflow(sb.project, ['--defaults', '--celery'])]);
    expect([a.code, b.code]).toContain(0);
    for (const run of [a, b]) if (run.code !== 0) expect(run.stderr).toMatch(/another djangoflow run|not empty/);
    const check = await djangoflow(sb.project, ['upgrade', '--check']);
    expect(check.code).toBe(0);
  });
});
