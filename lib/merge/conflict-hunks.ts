/**
 * A file a run left with conflict markers (`<<<<<<< yours` / `||||||| base` / `=======` /
 * `>>>>>>> djangoflow`, lib/merge/) read back into its parts: the text both sides share and
 * each conflicted hunk's three versions. From them: the whole file as each version, and the
 * file resolved by one choice per hunk (yours, the template's, or both, yours first).
 */

export type HunkChoice = 'yours' | 'template' | 'both';

export interface MarkedHunk {
  yours: string;
  base?: string;
  template: string;
}

/** Shared text and hunks in file order. */
export type MarkedPart = { text: string } | { hunk: MarkedHunk };

const startsWith = (line: string, marker: string) => line === marker || line.startsWith(`${marker} `);

/** The parts of a marked file; undefined when its markers do not nest as a merge writes them. */
export function markedParts(text: string): MarkedPart[] | undefined {
  const lines = text.split(/(?<=\n)/);
  const parts: MarkedPart[] = [];
  let shared = '';
  let hunk: { yours: string; base?: string; template: string } | undefined;
  let side: 'yours' | 'base' | 'template' = 'yours';
  for (const line of lines) {
    const bare = line.replace(/\r?\n$/, '');
    if (!hunk) {
      if (startsWith(bare, '<<<<<<<')) {
        if (shared) parts.push({ text: shared });
        shared = '';
        hunk = { yours: '', template: '' };
        side = 'yours';
      } else if (startsWith(bare, '|||||||') || bare === '=======' || startsWith(bare, '>>>>>>>')) return undefined;
      else shared += line;
      continue;
    }
    if (startsWith(bare, '|||||||') && side === 'yours') {
      side = 'base';
      hunk.base = '';
    } else if (bare === '=======' && side !== 'template') side = 'template';
    else if (startsWith(bare, '>>>>>>>') && side === 'template') {
      parts.push({ hunk });
      hunk = undefined;
    } else if (startsWith(bare, '<<<<<<<')) return undefined;
    else hunk[side] = (hunk[side] ?? '') + line;
  }
  if (hunk) return undefined;
  if (shared) parts.push({ text: shared });
  return parts;
}

export const markedHunks = (parts: MarkedPart[]): MarkedHunk[] => parts.flatMap((p) => ('hunk' in p ? [p.hunk] : []));

/** The whole file as one version: every hunk taken from that side (base: the hunk's base, else yours). */
export function versionOf(parts: MarkedPart[], version: 'yours' | 'base' | 'template'): string {
  return parts.map((p) => ('text' in p ? p.text : version === 'base' ? (p.hunk.base ?? p.hunk.yours) : p.hunk[version])).join('');
}

/** The file with each hunk replaced by the chosen side; one choice per hunk, in order. */
export function resolveParts(parts: MarkedPart[], choices: readonly HunkChoice[]): string {
  const hunks = markedHunks(parts).length;
  if (choices.length !== hunks) throw new Error(`expected ${hunks} choices, got ${choices.length}`);
  let at = 0;
  return parts
    .map((p) => {
      if ('text' in p) return p.text;
      const choice = choices[at++];
      return choice === 'yours' ? p.hunk.yours : choice === 'template' ? p.hunk.template : p.hunk.yours + p.hunk.template;
    })
    .join('');
}
