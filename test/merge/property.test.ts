/**
 * Property, through the bin's main (corpus-project.ts): random independent edits never
 * conflict. Each seeded round copies the corpus's blog project, inserts new definitions at
 * random statement boundaries of random Python files (module level and class bodies, found
 * by the merge's own parser) and new items at the end of the requirements and
 * `.env.example`, commits, and runs a random command (`model`, `startapp`, `plugin`,
 * `upgrade`). Asserted: exit 0, no markers, every inserted text byte for byte.
 * `DJANGOFLOW_MERGE_SEED` and `DJANGOFLOW_MERGE_ROUNDS` replay or lengthen it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { pythonSegments } from '../../lib/merge/python-parse.js';
import { listFiles } from '../support/files.js';
import { describeRun } from '../support/process.js';
import { removeScratch } from '../upgrade/harness.js';
import { filesWithMarkers, makeCorpus, runScenario, type Corpus, type Edit } from './corpus-project.js';
import { seededRandom as random } from '../support/random.js';

const seed = Number(process.env.DJANGOFLOW_MERGE_SEED ?? Date.now() % 100_000);
const rounds = Number(process.env.DJANGOFLOW_MERGE_ROUNDS ?? 6);

const COMMANDS = [
  ['model', 'blog', 'Comment', 'body:text'],
  ['model', 'blog', 'Post', 'subtitle:str?'],
  ['model', 'blog', 'Post', '--pages'],
  ['startapp', 'shop', '--model', 'Item', 'name:str'],
  ['plugin', 'celery'],
  ['upgrade'],
];

let corpus: Corpus;
let pythonFiles: string[];

beforeAll(async () => {
  corpus = await makeCorpus();
  pythonFiles = listFiles(corpus.base).filter((path) => /^src\/(apps\/blog|config)\/.*\.py$/.test(path) && !path.includes('/migrations/'));
}, 120_000);

afterAll(removeScratch);

/** A new definition at a random boundary: between top-level statements or members of a top-level class. */
async function pythonInsert(path: string, text: string, pick: () => number, tag: string): Promise<Edit | null> {
  const segments = await pythonSegments(text);
  if (!segments) return null;
  const boundaries: Array<{ line: number; member: boolean }> = [];
  let row = 0;
  for (const segment of segments) {
    if (segment.kind === 'tail') break;
    if (row > 0) boundaries.push({ line: row, member: false });
    if (segment.body) {
      let memberRow = row + segment.body.head.length;
      for (const member of segment.body.members) {
        boundaries.push({ line: memberRow, member: true });
        memberRow += member.lines.length;
      }
      boundaries.push({ line: memberRow, member: true });
    }
    row += segment.lines.length;
  }
  boundaries.push({ line: row, member: false });
  const at = boundaries[Math.floor(pick() * boundaries.length)]!;
  const insert = at.member ? `    user_attribute_${tag} = "${tag}"\n` : `\n\ndef user_function_${tag}():\n    return "${tag}"\n`;
  return { path, line: at.line, text: insert };
}

test(`random independent edits, then a random command: no conflict (seed ${seed}, ${rounds} rounds)`, async () => {
  const pick = random(seed);
  for (let round = 0; round < rounds; round++) {
    const edits: Edit[] = [];
    const files = new Set<string>();
    for (let i = 0; i < 2 + Math.floor(pick() * 4); i++) {
      const path = pythonFiles[Math.floor(pick() * pythonFiles.length)]!;
      if (files.has(path)) continue; // anchors are lines of the file before any edit
      files.add(path);
      const edit = await pythonInsert(path, readFileSync(`${corpus.base}/${path}`, 'utf8'), pick, `${seed}_${round}_${i}`);
      if (edit) edits.push(edit);
    }
    if (pick() < 0.5) edits.push({ path: 'base/requirements/base.txt', text: `user-package-${round}==1.0\n` });
    if (pick() < 0.5) edits.push({ path: '.env.example', text: `USER_SETTING_${round}=yes\n` });
    const command = COMMANDS[Math.floor(pick() * COMMANDS.length)]!;
    const scenario = { name: `round ${round}`, edits, commands: [command], expect: 'clean' as const };
    const { project, results } = await runScenario(corpus, scenario);
    const context = { seed, round, command: command.join(' '), edits: edits.map((e) => `${e.path}:${e.line ?? 'end'}`) };
    expect({ ...context, code: results[0]!.code, markers: filesWithMarkers(project) }).toEqual({ ...context, code: 0, markers: [] });
    expect(describeRun(command.join(' '), results[0]!)).not.toMatch(/^conflict /m);
    for (const edit of edits) {
      expect({ ...context, path: edit.path, has: readFileSync(project.path(edit.path), 'utf8').includes(edit.text) }).toEqual({ ...context, path: edit.path, has: true });
    }
  }
}, 1_800_000);
