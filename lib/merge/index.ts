/**
 * The merge of one text file, base → ours (the user's file) and base → theirs (the new
 * render), by what the file is:
 * 1. Python: by definition (`python.ts`), so edits to different definitions never conflict.
 * 2. Hash-locked requirements (`requirements/locked/*.txt`): by distribution (`locked.ts`).
 * 3. Anything else, and Python that does not parse: by lines (`lines.ts`), both sides'
 *    inserts at one place kept; lists of one item a line (`languages.ts`) drop the
 *    template's items the user already added.
 * 4. A clean result must parse in the file's language (Python, YAML, TOML, JSON) whenever
 *    the user's file and the new render both do; if it does not, the same lines are merged
 *    without combining inserts, and if that is clean too, by `fallback` (`git merge-file`);
 *    a clean result that still does not parse is one conflict over the whole file.
 * Files too big (over 2 MB together) or too long to diff cheaply go to `fallback` directly. The user's CRLF lines keep their
 * CR through every step but the fallback.
 */
import { isItemList, languageOf, parses } from './languages.js';
import { joinLines, mergeLines, splitLines, type MergeLabels } from './lines.js';
import { mergeLocked } from './locked.js';
import { mergePython } from './python.js';

export type { MergeLabels } from './lines.js';

export interface FileMerge {
  text: string;
  /** Number of conflict regions (0 = clean). */
  conflicts: number;
  /** With --verbose: what was combined from both sides. */
  combined: string[];
}

/** Three versions over 2 MB together go to `fallback` directly. */
const SIZE_LIMIT = 2_000_000;

export type FallbackMerge = (base: string, ours: string, theirs: string, labels: MergeLabels) => Promise<{ text: string; conflicts: number }>;

export async function mergeFile(
  path: string,
  base: string,
  ours: string,
  theirs: string,
  labels: MergeLabels,
  fallback: FallbackMerge,
): Promise<FileMerge> {
  // Past this size the merge is git's, as before: parsing and diffing tens of MB costs minutes.
  if (base.length + ours.length + theirs.length > SIZE_LIMIT) return { ...(await fallback(base, ours, theirs, labels)), combined: [] };
  const language = languageOf(path);
  let mustParse: boolean | undefined;
  const valid = async (text: string) => {
    mustParse ??= (await parses(language, stripCr(ours))) && (await parses(language, theirs));
    return !mustParse || (await parses(language, stripCr(text)));
  };

  if (language === 'python') {
    const structural = await mergePython(base, ours, theirs, labels);
    if (structural) {
      const text = joinLines(structural.lines);
      if (structural.conflicts > 0) return { text, conflicts: structural.conflicts, combined: [] };
      if (await valid(text)) return { text, conflicts: 0, combined: structural.combined };
    }
  }
  if (language === 'locked') {
    const byEntry = mergeLocked(base, ours, theirs, labels);
    if (byEntry) return { ...byEntry, combined: byEntry.conflicts ? [] : ['your locked packages with the template\'s, by distribution'] };
  }
  const [b, o, t] = [splitLines(base), splitLines(ours), splitLines(theirs)];
  const combined = mergeLines(b, o, t, { labels, items: isItemList(path) });
  if (combined === null) return { ...(await fallback(base, ours, theirs, labels)), combined: [] };
  if (combined.conflicts === 0) {
    const text = joinLines(combined.lines);
    if (await valid(text)) {
      const places = combined.combined === 1 ? 'one place' : `${combined.combined} places`;
      const note = combined.combined > 0 ? [`your lines with the template's where both inserted at ${places}`] : [];
      return { text, conflicts: 0, combined: note };
    }
  } else if (combined.combined === 0) {
    return { text: joinLines(combined.lines), conflicts: combined.conflicts, combined: [] };
  }
  const strict = mergeLines(b, o, t, { labels, combineInserts: false })!;
  if (strict.conflicts > 0) return { text: joinLines(strict.lines), conflicts: strict.conflicts, combined: [] };
  const plain = await fallback(base, ours, theirs, labels);
  if (plain.conflicts > 0 || (await valid(plain.text))) return { ...plain, combined: [] };
  return { text: wholeFileConflict(base, ours, theirs, labels), conflicts: 1, combined: [] };
}

const stripCr = (text: string) => text.replace(/\r\n/g, '\n');

function wholeFileConflict(base: string, ours: string, theirs: string, labels: MergeLabels): string {
  const block = (text: string) => (text === '' || text.endsWith('\n') ? text : `${text}\n`);
  return `<<<<<<< ${labels.ours}\n${block(ours)}||||||| ${labels.base}\n${block(base)}=======\n${block(theirs)}>>>>>>> ${labels.theirs}\n`;
}
