/**
 * A line diff for the page's per-file preview: hunks of added, removed and context lines.
 * Longest common subsequence over lines; past a size where that gets slow the file is shown
 * as replaced whole, which is still true, just less precise.
 */
import type { DiffLine, Hunk } from './api-types.js';

const maxCells = 4_000_000;
const context = 3;

const splitLines = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

function lineOps(a: string[], b: string[]): DiffLine[] {
  // Common head and tail first: most changes are small, so the table stays small.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const middle: DiffLine[] = [];
  if ((x.length + 1) * (y.length + 1) > maxCells) {
    middle.push(...x.map((text) => ({ kind: '-' as const, text })), ...y.map((text) => ({ kind: '+' as const, text })));
  } else {
    const width = y.length + 1;
    const table = new Uint32Array((x.length + 1) * width);
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) {
        table[i * width + j] = x[i] === y[j] ? table[(i + 1) * width + j + 1]! + 1 : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        middle.push({ kind: ' ', text: x[i++]! });
        j++;
      } else if (i < x.length && (j === y.length || table[(i + 1) * width + j]! >= table[i * width + j + 1]!)) {
        // Removals before additions on a tie, as diff tools print a changed line.
        middle.push({ kind: '-', text: x[i++]! });
      } else {
        middle.push({ kind: '+', text: y[j++]! });
      }
    }
  }
  const same = (lines: string[]) => lines.map((text) => ({ kind: ' ' as const, text }));
  return [...same(a.slice(0, head)), ...middle, ...same(a.slice(a.length - tail))];
}

/** The changes from `before` to `after` as hunks with a few lines of context; [] when equal. */
export function diffLines(before: string, after: string): Hunk[] {
  const ops = lineOps(splitLines(before), splitLines(after));
  // Line numbers before each op, in the old and the new text.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const op of ops) {
    oldAt.push(oldLine);
    newAt.push(newLine);
    if (op.kind !== '+') oldLine++;
    if (op.kind !== '-') newLine++;
  }
  // Ranges around each change, merged where their context touches.
  const ranges: [number, number][] = [];
  ops.forEach((op, index) => {
    if (op.kind === ' ') return;
    const from = Math.max(0, index - context);
    const to = Math.min(ops.length, index + context + 1);
    const last = ranges.at(-1);
    if (last && from <= last[1]) last[1] = to;
    else ranges.push([from, to]);
  });
  return ranges.map(([from, to]) => ({ oldStart: oldAt[from]!, newStart: newAt[from]!, lines: ops.slice(from, to) }));
}
