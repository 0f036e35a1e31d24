/**
 * The merge corpus (corpus-scenarios.ts) through the bin's main: each scenario's edit is
 * committed in a copy of one blog project, then `model`, `startapp`, `plugin`, an answer
 * change or `upgrade` (to a release 2 of the template set) runs. Asserted: exit 0 and no
 * markers anywhere where the edits touch other lines than the template's; exit 3 and markers
 * in the named file where both changed the same lines; the user's text byte-for-byte in the
 * result either way. The conflict rate over the corpus is printed at the end.
 * No real stack here (see real-stack.test.ts for the merged projects on Django).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { describeRun } from '../support/process.js';
import { removeScratch } from '../upgrade/harness.js';
import { filesWithMarkers, makeCorpus, runScenario, type Corpus } from './corpus-project.js';
import { scenarios } from './corpus-scenarios.js';

let corpus: Corpus;
const tally = { scenarios: 0, conflicts: 0, expectedConflicts: 0 };

beforeAll(async () => {
  corpus = await makeCorpus();
}, 120_000);

afterAll(() => {
  const rate = tally.scenarios === 0 ? 0 : (100 * tally.conflicts) / tally.scenarios;
  console.log(
    `merge corpus: ${tally.scenarios} scenarios, ${tally.conflicts} ended in a conflict (${rate.toFixed(1)} %), ` +
      `${tally.expectedConflicts} of them where both sides changed the same lines; ${tally.scenarios - tally.conflicts} merged clean`,
  );
  removeScratch();
});

test('the corpus has at least 60 scenarios, the five of the issue first', () => {
  expect(scenarios.length).toBeGreaterThanOrEqual(60);
  expect(new Set(scenarios.map((s) => s.name)).size).toBe(scenarios.length);
});

describe('edit, commit, command', () => {
  test.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const { project, results } = await runScenario(corpus, scenario);
    const last = results[results.length - 1]!;
    const output = results.map((r, i) => describeRun(scenario.commands[i]!.join(' '), r)).join('\n');
    tally.scenarios++;
    if (last.code === 3) tally.conflicts++;
    const markers = filesWithMarkers(project);
    if (scenario.expect === 'clean') {
      expect({ codes: results.map((r) => r.code), markers, output }).toMatchObject({ codes: scenario.commands.map(() => 0), markers: [] });
      expect(output).not.toMatch(/^conflict /m);
    } else {
      tally.expectedConflicts++;
      expect({ code: last.code, output }).toMatchObject({ code: 3 });
      expect(markers).toEqual([scenario.conflictIn]);
      expect(output).toMatch(new RegExp(`^conflict +${scenario.conflictIn!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `, 'm'));
    }
    // The user's text, byte for byte (CRs included): whole where it merged, each line where
    // a conflict shows the lines both sides share once, outside the markers.
    for (const edit of scenario.edits) {
      const file = readFileSync(project.path(edit.path));
      const pieces = scenario.expect === 'clean' ? [edit.text] : edit.text.split(/(?<=\n)/).filter((line) => line.trim() !== '');
      for (const piece of pieces) expect({ path: edit.path, piece, has: file.includes(Buffer.from(piece)) }).toEqual({ path: edit.path, piece, has: true });
    }
  }, 180_000);
});
