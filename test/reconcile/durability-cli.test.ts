/**
 * Power loss on the real command (issue 14): `startapp` killed mid-move (DJANGOFLOW_FAULT)
 * had flushed every staged file before its journal, and the next command's rollback flushes
 * the folders it put back before the journal goes; a whole run keeps the order end to end.
 * Runs the built CLI (dist), so it is a second net: durability.test.ts checks the order in
 * process, where mutation testing sees it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { at, expectDurableOrder, newTrace, removeTraces, steps } from './fs-trace.js';
import { djangoflow, expectAsCommitted, makeSeed, removeSandboxes, sandbox } from './torture-harness.js';

afterEach(() => {
  delete process.env.DJANGOFLOW_FS_TRACE;
});
afterAll(() => {
  removeSandboxes();
  removeTraces();
});

describe('a real command, killed mid-move and recovered', () => {
  let seed: string;
  beforeAll(async () => {
    seed = await makeSeed();
  }, 120_000);

  it('startapp: every staged file was flushed before the journal; the recovery flushes what it put back before dropping the journal', async () => {
    const sb = sandbox(seed);
    const trace = newTrace();
    const killed = await djangoflow(sb.project, ['startapp', 'blog'], { DJANGOFLOW_FAULT: 'after-move:3', DJANGOFLOW_FS_TRACE: trace });
    expect(killed.signal).toBe('SIGKILL');
    const before = steps(trace);
    const journal = at(before, 'journal moves');
    const written = before.filter((step) => step.startsWith('write ')).map((step) => step.slice('write '.length));
    expect(written.length).toBeGreaterThan(10);
    for (const staged of written) expect([staged, at(before, `fsync ${staged}`) < journal]).toEqual([staged, true]);
    const moves = before.filter((step) => step.startsWith('rename '));
    expect(moves.length).toBeGreaterThanOrEqual(3);
    expect(before.indexOf(moves[0]!)).toBeGreaterThan(journal);
    expect(before).not.toContain('commit ref');

    const recovery = newTrace();
    const next = await djangoflow(sb.project, ['upgrade', '--check'], { DJANGOFLOW_FS_TRACE: recovery });
    expect(next.stderr).toMatch(/rolled back/);
    expectAsCommitted(sb.project);
    const after = steps(recovery);
    const removed = at(after, 'journal removed');
    const flushed = after.slice(0, removed).filter((step) => step.startsWith('fsync '));
    // The folders of the files moved before the kill are flushed before the journal goes
    // (a folder the run made and the rollback removed: the folder it was removed from).
    for (const move of moves) {
      const target = move.split(' ')[2]!;
      let folder = dirname(target.startsWith('backup/') ? move.split(' ')[1]! : target);
      while (folder !== '.' && !existsSync(join(sb.project, folder))) folder = dirname(folder);
      expect([folder, flushed]).toEqual([folder, expect.arrayContaining([`fsync ${folder}/`])]);
    }
  }, 180_000);

  it('a whole startapp run keeps the order end to end', async () => {
    const sb = sandbox(seed);
    const trace = newTrace();
    const run = await djangoflow(sb.project, ['startapp', 'shop'], { DJANGOFLOW_FS_TRACE: trace });
    expect(run.code).toBe(0);
    expectDurableOrder(steps(trace), 'ref');
  }, 180_000);
});
