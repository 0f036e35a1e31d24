/**
 * Power loss (issue 14, "nothing lost"): the apply must flush in the order its journal relies
 * on. The file-system trace (DJANGOFLOW_FS_TRACE, lib/reconcile/fault.ts) records every step:
 * each staged file is written, then flushed, before the journal names it; every move comes
 * after the journal; the folders the moves changed are flushed before the commit point;
 * the journal is marked committed last. A run killed mid-move (DJANGOFLOW_FAULT) is rolled
 * back by the next command, which flushes the folders it put back before the journal goes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { applyReconcile, planReconcile } from '../../lib/reconcile/index.js';
import { initRepo, lines, makeProject, removeProjects, tree } from './helpers.js';
import { djangoflow, expectAsCommitted, makeSeed, removeSandboxes, sandbox } from './torture-harness.js';

const traceDir = mkdtempSync(join(tmpdir(), 'fs-trace-'));
let traces = 0;
afterEach(() => {
  removeProjects();
  delete process.env.DJANGOFLOW_FS_TRACE;
});
afterAll(() => {
  removeSandboxes();
  rmSync(traceDir, { recursive: true, force: true });
});

function newTrace(): string {
  return join(traceDir, `trace-${++traces}.txt`);
}

const steps = (file: string): string[] => readFileSync(file, 'utf8').trim().split('\n');

/** Where a step is in the trace; fails the test (with the trace) when it is not there. */
function at(trace: string[], step: string): number {
  const index = trace.indexOf(step);
  expect([step, index >= 0 ? 'found' : trace.join('\n')]).toEqual([step, 'found']);
  return index;
}

/** The ordering rules, checked on a whole trace of one apply. */
function expectDurableOrder(trace: string[], kind: 'ref' | 'file'): void {
  const journal = at(trace, 'journal moves');
  const commit = at(trace, `commit ${kind}`);
  const committed = at(trace, 'journal committed');
  const renames = trace.flatMap((step, index) => (step.startsWith('rename ') ? [{ index, from: step.split(' ')[1]!, to: step.split(' ')[2]! }] : []));
  const written = trace.filter((step) => step.startsWith('write ')).map((step) => step.slice('write '.length));
  expect(written.length).toBeGreaterThan(0);
  for (const staged of written) {
    // write → fsync → journal
    expect([staged, at(trace, `write ${staged}`) < at(trace, `fsync ${staged}`) && at(trace, `fsync ${staged}`) < journal]).toEqual([staged, true]);
    // journal → rename into place → its folder flushed → commit
    const placed = renames.find((r) => r.from === staged)!;
    expect([staged, journal < placed.index]).toEqual([staged, true]);
    const folder = at(trace, `fsync ${dirname(placed.to)}/`);
    expect([placed.to, placed.index < folder && folder < commit]).toEqual([placed.to, true]);
  }
  expect(at(trace, 'fsync staged/')).toBeLessThan(journal);
  if (kind === 'file') expect(at(trace, 'fsync pristine')).toBeLessThan(journal);
  for (const moved of renames.filter((r) => r.to.startsWith('backup/'))) {
    expect(journal).toBeLessThan(moved.index);
    expect(moved.index).toBeLessThan(at(trace, 'fsync backup/'));
    expect(at(trace, `fsync ${dirname(moved.from)}/`)).toBeLessThan(commit);
  }
  expect(at(trace, 'fsync backup/')).toBeLessThan(commit);
  expect(commit).toBeLessThan(committed);
  expect(trace.at(-1)).toBe('journal removed');
}

const BASE = lines('A = 1', 'B = 2', 'C = 3');
const NEW_TREE = tree({ 'u.py': BASE.replace('A = 1', 'A = 10'), 'new/dir/n.py': 'n = 1\n', 'run.sh': '#!/bin/sh\necho hi\n' });

describe('the apply flushes before it relies on what it wrote', () => {
  it.each([
    ['ref', true],
    ['file', false],
  ] as const)('with the base as a git %s: write → fsync → journal → rename → folder fsync → commit', async (kind, inGit) => {
    const dir = makeProject({ 'u.py': BASE, 'gone/x.py': BASE });
    if (inGit) initRepo(dir);
    const report = await planReconcile({ projectDir: dir, base: tree({ 'u.py': BASE, 'gone/x.py': BASE }), theirs: NEW_TREE });
    const trace = newTrace();
    process.env.DJANGOFLOW_FS_TRACE = trace;
    await applyReconcile(dir, report, { pristine: NEW_TREE });
    const recorded = steps(trace);
    // Three files placed, one deleted (moved to the backup), two updated or created.
    expect(recorded.filter((step) => step.startsWith('write '))).toHaveLength(3);
    expect(recorded).toContainEqual(expect.stringMatching(/^rename gone\/x\.py backup\/\d+$/));
    expectDurableOrder(recorded, kind);
  });
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
