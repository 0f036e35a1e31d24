/**
 * 3-way line merge (diff3) with the generator's rules:
 * - Changes of different base lines never conflict, also when they touch (an insertion right
 *   before or after a changed range is kept next to it).
 * - Both sides inserting at the same place, nothing removed (empty base region): both kept,
 *   lines both added identically at the head or tail once. Order: at module level (the
 *   inserted lines start unindented) the template's block first, then the user's, so the
 *   user's trailing code stays trailing; inside an indented block (a class's fields, a YAML
 *   mapping) the user's lines first, then the template's new ones.
 * - `items` (requirements, `.env.example`: one item a line) also drops from the template's
 *   block an item the user's block already has.
 * - Anything else both sides changed differently: `<<<<<<< yours` / `||||||| base` /
 *   `=======` / `>>>>>>> djangoflow` markers, zdiff3-style (common head and tail outside).
 * Lines carry their line break; they are compared without a CR, and a line kept from the
 * user's side keeps its bytes (a CRLF line in an LF file stays CRLF).
 */
import { diffLines, type Hunk } from './diff.js';

/** Conflict marker labels: `<<<<<<< yours`, `||||||| base`, `>>>>>>> djangoflow 0.2.0`. */
export interface MergeLabels {
  ours: string;
  base: string;
  theirs: string;
}

export interface LineMergeOptions {
  labels: MergeLabels;
  /** One item a line: duplicates of the user's items are dropped from the template's insert. */
  items?: boolean;
  /** Force the insert/insert order (Python class bodies decide it themselves). */
  order?: 'ours-first' | 'theirs-first';
  /** When false, insert/insert is a conflict too (two different definitions of one name). */
  combineInserts?: boolean;
}

export interface LineMergeResult {
  lines: string[];
  conflicts: number;
  /** Places where both sides' inserts were kept. */
  combined: number;
}

/** `"a\nb"` → `["a\n", "b"]`: each line with its break, the last one possibly without. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  const last = lines.pop()!;
  const result = lines.map((line) => `${line}\n`);
  if (last !== '') result.push(last);
  return result;
}

/** Every line but the last ends with a break (a user's last line may have had none). */
export function joinLines(lines: readonly string[]): string {
  return lines.map((line, i) => (i < lines.length - 1 && !line.endsWith('\n') ? `${line}\n` : line)).join('');
}

const key = (line: string) => (line.endsWith('\r\n') ? `${line.slice(0, -2)}\n` : line);

/** Null when a diff would be too long: the caller falls back to `git merge-file`. */
export function mergeLines(
  base: readonly string[],
  ours: readonly string[],
  theirs: readonly string[],
  options: LineMergeOptions,
): LineMergeResult | null {
  // Files this long go to git merge-file: a diff over them could take seconds.
  if (base.length + ours.length + theirs.length > 300_000) return null;
  const baseKeys = base.map(key);
  const oursKeys = ours.map(key);
  const theirsKeys = theirs.map(key);
  const oursHunks = diffLines(baseKeys, oursKeys);
  const theirsHunks = diffLines(baseKeys, theirsKeys);
  if (oursHunks === null || theirsHunks === null) return null;

  const tagged = [
    ...oursHunks.map((hunk) => ({ hunk, side: 'ours' as const })),
    ...theirsHunks.map((hunk) => ({ hunk, side: 'theirs' as const })),
  ].sort((a, b) => a.hunk.baseStart - b.hunk.baseStart || size(a.hunk) - size(b.hunk) || (a.side === 'ours' ? -1 : 1));

  const out: string[] = [];
  let conflicts = 0;
  let combined = 0;
  let basePos = 0;
  let oursDelta = 0; // ours index = base index + oursDelta, outside hunks
  let theirsDelta = 0;
  for (let i = 0; i < tagged.length; ) {
    const group = [tagged[i]!];
    let start = tagged[i]!.hunk.baseStart;
    let end = tagged[i]!.hunk.baseEnd;
    for (i++; i < tagged.length && overlaps({ baseStart: start, baseEnd: end }, tagged[i]!.hunk); i++) {
      group.push(tagged[i]!);
      start = Math.min(start, tagged[i]!.hunk.baseStart);
      end = Math.max(end, tagged[i]!.hunk.baseEnd);
    }
    // Unchanged lines before the group: the user's bytes.
    for (; basePos < start; basePos++) out.push(ours[basePos + oursDelta]!);
    const oursGroup = group.filter((g) => g.side === 'ours').map((g) => g.hunk);
    const theirsGroup = group.filter((g) => g.side === 'theirs').map((g) => g.hunk);
    const oursSlice = sideSlice(oursGroup, start, end, oursDelta);
    const theirsSlice = sideSlice(theirsGroup, start, end, theirsDelta);
    const oursLines = ours.slice(oursSlice[0], oursSlice[1]);
    const theirsLines = theirs.slice(theirsSlice[0], theirsSlice[1]);
    const both = start === end && options.combineInserts !== false ? combineInserts(oursLines, theirsLines, options) : null;
    if (theirsGroup.length === 0 || sameKeys(oursLines, theirsLines)) {
      out.push(...oursLines);
    } else if (oursGroup.length === 0) {
      out.push(...theirsLines);
    } else if (both) {
      out.push(...both);
      combined++;
    } else {
      out.push(...conflictRegion(base.slice(start, end), oursLines, theirsLines, options.labels));
      conflicts++;
    }
    oursDelta = oursSlice[1] - end;
    theirsDelta = theirsSlice[1] - end;
    basePos = end;
  }
  for (; basePos < base.length; basePos++) out.push(ours[basePos + oursDelta]!);
  return { lines: out, conflicts, combined };
}

const size = (hunk: Hunk) => hunk.baseEnd - hunk.baseStart;

/** Ranges that share a base line, or two insertions at the same place. */
function overlaps(a: Pick<Hunk, 'baseStart' | 'baseEnd'>, b: Hunk): boolean {
  if (a.baseStart < b.baseEnd && b.baseStart < a.baseEnd) return true;
  return a.baseStart === a.baseEnd && b.baseStart === b.baseEnd && a.baseStart === b.baseStart;
}

/** The side's lines standing for base [start, end): its hunks there, widened to the range. */
function sideSlice(hunks: Hunk[], start: number, end: number, delta: number): [number, number] {
  if (hunks.length === 0) return [start + delta, end + delta];
  const first = hunks[0]!;
  const last = hunks[hunks.length - 1]!;
  return [first.sideStart - (first.baseStart - start), last.sideEnd + (end - last.baseEnd)];
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => key(line) === key(b[i]!));
}

/**
 * Both sides inserted at one place: head and tail they share once, the rest in the stated
 * order. Null when they cannot both stay: one item (a requirement, a variable) added by
 * both with different values.
 */
function combineInserts(ours: readonly string[], theirs: readonly string[], options: LineMergeOptions): string[] | null {
  const { head, oursMiddle, theirsMiddle, tail } = trimCommon(ours, theirs);
  let theirsKept = theirsMiddle;
  if (options.items) {
    const have = new Set(oursMiddle.map((line) => key(line).trim()).filter((line) => line !== ''));
    theirsKept = theirsMiddle.filter((line) => !have.has(key(line).trim()));
    const names = new Set(oursMiddle.map(itemName).filter((name) => name !== ''));
    if (theirsKept.some((line) => names.has(itemName(line)))) return null;
  }
  const order = options.order ?? (topLevel(oursMiddle) && topLevel(theirsKept) ? 'theirs-first' : 'ours-first');
  const middle = order === 'theirs-first' ? [...theirsKept, ...oursMiddle] : [...oursMiddle, ...theirsKept];
  return [...head, ...middle, ...tail];
}

/**
 * What one item line names: a requirement's distribution (`Django[argon2]>=6` → `django`),
 * a variable (`FOO=1` → `foo`); '' for comments, blank lines and options (`-c x.txt`).
 */
export function itemName(line: string): string {
  const text = key(line).trim();
  if (text === '' || text.startsWith('#') || text.startsWith('-')) return '';
  let end = 0;
  while (end < text.length && !'=<>!~[;@ \t'.includes(text[end]!)) end++;
  return text.slice(0, end).toLowerCase().replace(/[-_.]+/g, '-');
}

/** The first line with text starts unindented (or there is none). */
function topLevel(lines: readonly string[]): boolean {
  const first = lines.find((line) => line.trim() !== '');
  return first === undefined || !/^\s/.test(first);
}

function trimCommon(ours: readonly string[], theirs: readonly string[]) {
  let h = 0;
  while (h < ours.length && h < theirs.length && key(ours[h]!) === key(theirs[h]!)) h++;
  let t = 0;
  while (t < ours.length - h && t < theirs.length - h && key(ours[ours.length - 1 - t]!) === key(theirs[theirs.length - 1 - t]!)) t++;
  return {
    head: ours.slice(0, h),
    oursMiddle: ours.slice(h, ours.length - t),
    theirsMiddle: theirs.slice(h, theirs.length - t),
    tail: ours.slice(ours.length - t),
  };
}

/** Markers around what differs; lines both sides share at the head and tail stay outside. */
function conflictRegion(base: readonly string[], ours: readonly string[], theirs: readonly string[], labels: MergeLabels): string[] {
  const { head, oursMiddle, theirsMiddle, tail } = trimCommon(ours, theirs);
  const block = (lines: readonly string[]) => lines.map((line, i) => (i === lines.length - 1 && !line.endsWith('\n') ? `${line}\n` : line));
  return [
    ...block(head),
    `<<<<<<< ${labels.ours}\n`,
    ...block(oursMiddle),
    `||||||| ${labels.base}\n`,
    ...block(base),
    '=======\n',
    ...block(theirsMiddle),
    `>>>>>>> ${labels.theirs}\n`,
    ...tail,
  ];
}
