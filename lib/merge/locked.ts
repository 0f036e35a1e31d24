/**
 * A hash-locked requirements file (`requirements/locked/*.txt`: the generator's render and
 * the project's `make lock` write the same layout) merged by entry: one entry per
 * distribution (`name==version ; marker` and its `--hash` lines), matched by PEP 503 name,
 * written back sorted by name. So the team's re-locked packages and the template's new ones
 * (a plugin's, an upgrade's) never conflict; per entry:
 * - one side changed it (or both alike): that side's;
 * - both have the same version (and hashes) but other markers (uv's universal resolution
 *   limits a package to one platform, the template's lock needs it everywhere): the entry
 *   without a marker, or both markers joined by `or`;
 * - the team changed only the marker and the template the version: the template's;
 * - two versions of one distribution (the team's pin against the template's): a conflict,
 *   marked around that entry (`make lock`, after fixing the pin, writes the file anew).
 * The comment header is the template's unless the team changed it. A file with any other
 * line (an option, an editable install) is left to the line merge (null).
 */
import type { MergeLabels } from './lines.js';

interface Entry {
  /** `name==version`, PEP 503 name. */
  pin: string;
  marker: string;
  /** The entry's text, continuation lines included, each ending in a line break. */
  text: string;
}

interface LockedFile {
  header: string;
  entries: Map<string, Entry>;
}

const entryStart = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)\s*(?:;\s*([^\\]*?))?\s*\\?$/;

/** The file as header and entries; null when it has a line that is neither. */
function parseLocked(text: string): LockedFile | null {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  let header = '';
  const entries = new Map<string, Entry>();
  let current: { name: string; entry: Entry } | null = null;
  for (const line of lines) {
    if (current && /^\s+--hash=\S+( \\)?$/.test(line)) {
      current.entry.text += `${line}\n`;
      continue;
    }
    if (line.startsWith('#') || line.trim() === '') {
      if (entries.size > 0 || current) return null; // comments between entries: not this layout
      header += `${line}\n`;
      continue;
    }
    const match = entryStart.exec(line);
    if (!match) return null;
    const name = match[1]!.toLowerCase().replace(/[-_.]+/g, '-');
    if (entries.has(name)) return null;
    current = { name, entry: { pin: `${name}==${match[2]}`, marker: match[3]?.trim() ?? '', text: `${line}\n` } };
    entries.set(name, current.entry);
  }
  return { header, entries };
}

/** The entry's text without its marker: what two entries share when only the marker differs. */
const unmarked = (entry: Entry): string => entry.text.replace(/^([^\n;]*?)\s*;[^\n\\]*?(\s*\\?)\n/, '$1$2\n');

/** `name==version ; (a) or (b)`, the entry installed where either side installs it. */
function joinMarkers(ours: Entry, theirs: Entry): Entry {
  if (!ours.marker || !theirs.marker) return ours.marker ? theirs : ours;
  const marker = `(${ours.marker}) or (${theirs.marker})`;
  return { ...theirs, marker, text: unmarked(theirs).replace(/^(\S+)/, `$1 ; ${marker}`) };
}

type Pick = Entry | null | 'conflict';

function pickEntry(base: Entry | undefined, ours: Entry | undefined, theirs: Entry | undefined): Pick {
  const same = (a: Entry | undefined, b: Entry | undefined) => a?.text === b?.text;
  if (same(ours, base)) return theirs ?? null;
  if (same(theirs, base) || same(ours, theirs)) return ours ?? null;
  if (ours && theirs && unmarked(ours) === unmarked(theirs)) return joinMarkers(ours, theirs);
  if (!ours) return theirs ?? null; // the team's lock dropped it, the template changed it: the template's
  if (!theirs) return base && unmarked(base) === unmarked(ours) ? null : ours; // the template dropped it
  if (base && unmarked(base) === unmarked(ours)) return theirs; // the team's change was the marker alone
  return 'conflict';
}

/** The merge by entry, or null when a version is not this layout. */
export function mergeLocked(base: string, ours: string, theirs: string, labels: MergeLabels): { text: string; conflicts: number } | null {
  const [b, o, t] = [parseLocked(base), parseLocked(ours), parseLocked(theirs)];
  if (!b || !o || !t) return null;
  const header = o.header === b.header ? t.header : o.header;
  const names = [...new Set([...o.entries.keys(), ...t.entries.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  let text = header;
  let conflicts = 0;
  for (const name of names) {
    const [be, oe, te] = [b.entries.get(name), o.entries.get(name), t.entries.get(name)];
    const pick = pickEntry(be, oe, te);
    if (pick === 'conflict') {
      conflicts++;
      text += `<<<<<<< ${labels.ours}\n${oe?.text ?? ''}||||||| ${labels.base}\n${be?.text ?? ''}=======\n${te?.text ?? ''}>>>>>>> ${labels.theirs}\n`;
    } else if (pick) {
      text += pick.text;
    }
  }
  return { text, conflicts };
}
