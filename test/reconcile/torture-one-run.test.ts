/**
 * Torture, one run at a time: a live lock refuses, stale locks (a dead process, a reused
 * pid, an unreadable file) are taken over, and two runs started at once lose no update;
 * each order of two runs is also forced (the winner held with the lock, torture-runs.ts's
 * gitGuardHold), and the loser must change nothing.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { deadPid, djangoflow, expectOneLineError, git, makeSeed, recorded, removeSandboxes, sandbox, snapshot } from './torture-harness.js';
import { expectApplied, gitGuardHold, removeGitGuardHolds } from './torture-runs.js';

let seed: string;
beforeAll(async () => {
  seed = await makeSeed();
});
afterAll(() => {
  removeSandboxes();
  removeGitGuardHolds();
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
