/**
 * Line diff (Myers' O(ND) algorithm) as hunks: base range [baseStart, baseEnd) replaced by
 * side range [sideStart, sideEnd). Lines are compared as given (the caller strips CRs).
 * Common head and tail are matched first, which keeps the usual generator edit (a few lines
 * in a long file) cheap. Returns null when the edit script is longer than `maxEdits`: the
 * caller then falls back to `git merge-file`, which handles huge, wholly different files.
 */

export interface Hunk {
  baseStart: number;
  baseEnd: number;
  sideStart: number;
  sideEnd: number;
}

export function diffLines(base: readonly string[], side: readonly string[], maxEdits = 2000): Hunk[] | null {
  let head = 0;
  while (head < base.length && head < side.length && base[head] === side[head]) head++;
  let tail = 0;
  while (tail < base.length - head && tail < side.length - head && base[base.length - 1 - tail] === side[side.length - 1 - tail]) tail++;
  const a = base.slice(head, base.length - tail);
  const b = side.slice(head, side.length - tail);
  const matches = myersMatches(a, b, maxEdits);
  if (matches === null) return null;
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  for (const [mi, mj] of [...matches, [a.length, b.length] as const]) {
    if (mi > i || mj > j) hunks.push({ baseStart: head + i, baseEnd: head + mi, sideStart: head + j, sideEnd: head + mj });
    i = mi + 1;
    j = mj + 1;
  }
  return hunks;
}

/** Pairs (i, j) of equal lines along a shortest edit script, in order. */
function myersMatches(a: readonly string[], b: readonly string[], maxEdits: number): Array<readonly [number, number]> | null {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return [];
  const ids = new Map<string, number>();
  const id = (line: string) => {
    let value = ids.get(line);
    if (value === undefined) ids.set(line, (value = ids.size));
    return value;
  };
  const ai = a.map(id);
  const bi = b.map(id);
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  // Before step d only diagonals -d-1..d+1 matter: keep just those (memory ~ D², not D·N).
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    const next = v;
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && ai[x] === bi[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    v = next;
    if (found >= 0) break;
  }
  if (found < 0) return null;
  // Walk back through the snapshots, collecting the diagonal (equal) steps.
  const matches: Array<readonly [number, number]> = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const snapshot = trace[d]!;
    const at = (diagonal: number) => snapshot[diagonal + d + 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    const startX = down ? prevX : prevX + 1;
    const startY = down ? prevY + 1 : prevY;
    while (x > startX && y > startY) {
      x--;
      y--;
      matches.push([x, y]);
    }
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    matches.push([x, y]);
  }
  return matches.reverse();
}
