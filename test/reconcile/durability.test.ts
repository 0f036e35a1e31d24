/**
 * Power loss (issue 14, "nothing lost"): the apply must flush in the order its journal relies
 * on. The file-system trace (DJANGOFLOW_FS_TRACE, lib/reconcile/fault.ts) records every step:
 * each staged file is written, then flushed, before the journal names it; every move comes
 * after the journal; the folders the moves changed are flushed before the commit point;
 * the journal is marked committed last. In process, so it is the first net of the journal's
 * modules; durability-cli.test.ts checks the same order on the real command, killed mid-move.
 */
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { applyReconcile, planReconcile } from '../../lib/reconcile/index.js';
import { expectDurableOrder, newTrace, removeTraces, steps } from './fs-trace.js';
import { initRepo, lines, makeProject, removeProjects, tree } from './helpers.js';

afterEach(() => {
  removeProjects();
  delete process.env.DJANGOFLOW_FS_TRACE;
});
afterAll(removeTraces);

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
