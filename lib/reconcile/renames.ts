import { posix } from 'node:path';
import { sameContent } from './content.js';
import type { FileContent, FileTree } from './types.js';

/** Like git's default: a file is "renamed" when at least half of it survived the move. */
const MIN_SIMILARITY = 0.5;

/**
 * Template renames as new path -> old path: the explicit ones plus those detected by
 * content among the files the template dropped and the ones it added under the same name.
 */
export function detectRenames(base: FileTree, theirs: FileTree, explicit: Record<string, string> = {}): Map<string, string> {
  const renames = new Map<string, string>();
  for (const [from, to] of Object.entries(explicit)) {
    if (base.has(from) && !theirs.has(from) && theirs.has(to) && !base.has(to)) renames.set(to, from);
  }
  const taken = new Set(renames.values());
  const dropped = [...base.keys()].filter((path) => !theirs.has(path) && !taken.has(path));
  const added = [...theirs.keys()].filter((path) => !base.has(path) && !renames.has(path));

  // Only a file that kept its name is detected (a moved folder). Files of one kind share
  // most of their lines (two Kubernetes manifests, two settings sections): carrying the
  // user's edits of api.yaml into the new worker.yaml because they look alike would put
  // them where they do not belong. Renames to another name are declared by migrations.
  const candidates: Array<{ from: string; to: string; score: number }> = [];
  for (const from of dropped) {
    for (const to of added) {
      if (posix.basename(from) !== posix.basename(to)) continue;
      const score = similarity(base.get(from)!, theirs.get(to)!);
      if (score >= MIN_SIMILARITY) candidates.push({ from, to, score });
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  for (const { from, to } of candidates) {
    if (taken.has(from) || renames.has(to)) continue;
    renames.set(to, from);
    taken.add(from);
  }
  return renames;
}

/**
 * Share of lines two files have in common (0..1). Blank and near-empty files are never
 * similar: every empty `__init__.py` would otherwise be a rename of every other one.
 */
export function similarity(a: FileContent, b: FileContent): number {
  if (typeof a !== 'string' || typeof b !== 'string') {
    return a.length > 0 && typeof a !== 'string' && typeof b !== 'string' && sameContent(a, b) ? 1 : 0;
  }
  const linesA = meaningfulLines(a);
  const linesB = meaningfulLines(b);
  if (a === b) return linesA.length > 0 ? 1 : 0;
  if (linesA.length < 3 || linesB.length < 3) return 0;
  const counts = new Map<string, number>();
  for (const line of linesA) counts.set(line, (counts.get(line) ?? 0) + 1);
  let common = 0;
  for (const line of linesB) {
    const left = counts.get(line) ?? 0;
    if (left > 0) {
      common++;
      counts.set(line, left - 1);
    }
  }
  return (2 * common) / (linesA.length + linesB.length);
}

function meaningfulLines(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
}
