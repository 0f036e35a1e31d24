/**
 * "Did you mean": the known word nearest to a mistyped one (commands, options, plugins, field
 * types, choices, relation targets). Near means an edit distance (insertions, deletions,
 * substitutions, a swap of two neighbours counting one) of at most a third of the word (of
 * three letters or more), or
 * one word the start of the other (`string` → `str`, `postgres` → `postgresql`).
 */

/** Optimal string alignment distance between `a` and `b` (case-insensitive). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[s.length]![t.length]!;
}

/** The candidate nearest to `word`, or undefined when none is near enough to be meant. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const typed = word.toLowerCase();
  // A number is chosen, not mistyped: 3.10 is not a near miss of 3.12.
  if (/^[\d.]+$/.test(typed)) return undefined;
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const known = candidate.toLowerCase();
    if (known === typed) return candidate;
    const distance = editDistance(typed, known);
    const prefix = Math.min(typed.length, known.length) >= 3 && (typed.startsWith(known) || known.startsWith(typed));
    if ((typed.length < 3 || distance > Math.max(1, Math.floor(typed.length / 3))) && !prefix) continue;
    const score = prefix ? Math.min(distance, 1) : distance;
    if (!best || score < best.score) best = { candidate, score };
  }
  return best?.candidate;
}

/** ` (did you mean "celery"?)`, to follow the mistyped word in a refusal's line, or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>, shown: (candidate: string) => string = (c) => `"${c}"`): string {
  const match = nearest(word, candidates);
  return match === undefined ? '' : ` (did you mean ${shown(match)}?)`;
}
