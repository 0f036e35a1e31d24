/**
 * Python merged by definition: the three versions are split into top-level statements and
 * class bodies (`python-parse.ts`) and matched by key, so edits to different definitions
 * never conflict. One definition changed on both sides is merged line by line
 * (`lines.ts`): a line changed differently by both still conflicts.
 *
 * Order: the user's file's order; a definition only the template has goes right after the
 * definition it follows in the template: at module level before the user's own code that
 * follows there (the template's new block before the user's trailing code), in a class
 * body after the user's own new members there (a user's field before the template's new
 * field). A definition both sides added differently is a conflict, not two definitions.
 */
import { mergeLines, type LineMergeResult, type MergeLabels } from './lines.js';
import { pythonSegments, type Segment } from './python-parse.js';

export interface PythonMerge {
  lines: string[];
  conflicts: number;
  /** What was combined: the definitions each side changed, where both sides changed some. */
  combined: string[];
}

/** Null when a version does not parse (or a diff is too long): the caller merges by lines. */
export async function mergePython(base: string, ours: string, theirs: string, labels: MergeLabels): Promise<PythonMerge | null> {
  const [b, o, t] = await Promise.all([pythonSegments(base), pythonSegments(ours), pythonSegments(theirs)]);
  if (!b || !o || !t) return null;
  const merged = new Merger(labels);
  const lines = merged.segments(b, o, t, 'module', '');
  if (lines === null) return null;
  const { ours: mine, theirs: template } = merged.changed;
  const combined = mine.length > 0 && template.length > 0 ? [`your ${mine.join(', ')} with the template's ${template.join(', ')}`] : [];
  return { lines, conflicts: merged.conflicts, combined };
}

class Merger {
  conflicts = 0;
  /** The definitions each side changed (`def helper`, `Post.note`), a merged class as its members. */
  changed = { ours: [] as string[], theirs: [] as string[] };

  constructor(private readonly labels: MergeLabels) {}

  /** One body (module or class): keyed segments merged, in the user's order. */
  segments(base: Segment[], ours: Segment[], theirs: Segment[], level: 'module' | 'class', where: string): string[] | null {
    const baseBy = byKey(base);
    const oursBy = byKey(ours);
    const theirsBy = byKey(theirs);
    const order = ours.filter((s) => s.kind !== 'tail').map((s) => s.key);
    const placed = new Set(order);
    let anchor = -1; // index in `order` after which the template's next new definition goes
    for (const segment of theirs) {
      if (segment.kind === 'tail') continue;
      if (placed.has(segment.key)) {
        anchor = order.indexOf(segment.key);
        continue;
      }
      let at = anchor + 1;
      if (level === 'class') {
        // After the user's own new members right there.
        while (at < order.length && !baseBy.has(order[at]!) && !theirsBy.has(order[at]!)) at++;
      }
      order.splice(at, 0, segment.key);
      placed.add(segment.key);
      anchor = at;
    }
    order.push('<tail>');

    const out: string[] = [];
    for (const key of order) {
      const b = baseBy.get(key);
      const o = oursBy.get(key);
      const t = theirsBy.get(key);
      const name = level === 'class' ? `${where}${key.replace(/^(class|def|=) /, '')}` : key;
      const lines = this.segment(b, o, t, name);
      if (lines === null) return null;
      if (key !== '<tail>' && !this.splits(b, o, t)) {
        if (!sameSegment(b, o)) this.changed.ours.push(name);
        if (!sameSegment(b, t)) this.changed.theirs.push(name);
      }
      out.push(...lines);
    }
    return out;
  }

  /** A class both sides changed, merged member by member. */
  private splits(b: Segment | undefined, o: Segment | undefined, t: Segment | undefined): boolean {
    return Boolean(o?.body && t?.body && (b === undefined || b.body) && !sameSegment(o, t));
  }

  private segment(b: Segment | undefined, o: Segment | undefined, t: Segment | undefined, where: string): string[] | null {
    if (o?.body && t?.body && this.splits(b, o, t)) {
      // A class on every side (or added by both): header by lines, members by definition.
      const name = where.replace(/^class /, '');
      const head = this.lines(b?.body?.head ?? [], o.body.head, t.body.head, b !== undefined);
      const members = this.segments(b?.body?.members ?? [], o.body.members, t.body.members, 'class', `${name}.`);
      if (head === null || members === null) return null;
      return [...head, ...members];
    }
    // Added by both alike (only the blank lines above differ): once, where the user has it.
    if (b === undefined && o && t && sameSegment(trimmed(o), trimmed(t))) return o.lines;
    // A definition only one side has that the other never saw stays as that side has it;
    // anything else goes through the line merge (a removal against an edit conflicts there).
    return this.lines(b?.lines ?? [], o?.lines ?? [], t?.lines ?? [], b !== undefined || o === undefined || t === undefined);
  }

  private lines(base: string[], ours: string[], theirs: string[], combineInserts: boolean): string[] | null {
    const result: LineMergeResult | null = mergeLines(base, ours, theirs, { labels: this.labels, combineInserts });
    if (result === null) return null;
    this.conflicts += result.conflicts;
    return result.lines;
  }
}

/** The segment without the blank lines above it. */
function trimmed(segment: Segment): Segment {
  const first = segment.lines.findIndex((line) => line.trim() !== '');
  return { ...segment, lines: first < 0 ? [] : segment.lines.slice(first) };
}

function byKey(segments: Segment[]): Map<string, Segment> {
  return new Map(segments.map((s) => [s.key, s]));
}

function sameSegment(a: Segment | undefined, b: Segment | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.lines.length === b.lines.length && a.lines.every((line, i) => stripCr(line) === stripCr(b.lines[i]!));
}

const stripCr = (line: string) => (line.endsWith('\r\n') ? `${line.slice(0, -2)}\n` : line);
