/**
 * Reading the file-system trace of an apply (DJANGOFLOW_FS_TRACE, lib/reconcile/fault.ts) and
 * the ordering rules it must keep: shared by the in-process durability tests and the ones
 * that run the real command.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from '@jest/globals';

let traceDir: string | undefined;
let traces = 0;

/** A fresh trace file name (its folder is made on first use; `removeTraces` deletes it). */
export function newTrace(): string {
  traceDir ??= mkdtempSync(join(tmpdir(), 'fs-trace-'));
  return join(traceDir, `trace-${++traces}.txt`);
}

export function removeTraces(): void {
  if (traceDir) rmSync(traceDir, { recursive: true, force: true });
  traceDir = undefined;
}

export const steps = (file: string): string[] => readFileSync(file, 'utf8').trim().split('\n');

/** Where a step is in the trace; fails the test (with the trace) when it is not there. */
export function at(trace: string[], step: string): number {
  const index = trace.indexOf(step);
  expect([step, index >= 0 ? 'found' : trace.join('\n')]).toEqual([step, 'found']);
  return index;
}

/** The ordering rules, checked on a whole trace of one apply. */
export function expectDurableOrder(trace: string[], kind: 'ref' | 'file'): void {
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
