/**
 * One planned file as the page shows it: what is on disk, what the plan writes, the diff
 * between them, and for a conflict the three versions (base, yours, djangoflow). Disk reads
 * stay inside the project: the path must resolve there, symbolic links included.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { FileContent, FileDecision } from '../../lib/reconcile/types.js';
import type { FileView } from './api-types.js';
import { diffLines } from './diff.js';

const maxShown = 512 * 1024;

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel);
}

/** The file's text on disk, or undefined; never a file outside `dir`. */
function readInside(dir: string, path: string): FileContent | undefined {
  const root = realpathSync(dir);
  const target = resolve(root, path);
  if (!inside(root, target) || !existsSync(target)) return undefined;
  const real = realpathSync(target);
  if (!inside(root, real)) return undefined;
  return readFileSync(real);
}

const asText = (content: FileContent | undefined): string | undefined => {
  if (content === undefined) return undefined;
  if (typeof content === 'string') return content;
  return content.includes(0) ? undefined : content.toString('utf8');
};

export function fileView(dir: string, decision: FileDecision): FileView {
  const view: FileView = { path: decision.path, action: decision.action, reason: decision.reason, from: decision.from };
  const onDisk = readInside(dir, decision.from && decision.action === 'create' ? decision.from : decision.path);
  const written = decision.content;
  const sizes = [onDisk, written].map((c) => (c === undefined ? 0 : c.length));
  if (Math.max(...sizes) > maxShown) return { ...view, notShown: 'larger than 512 KiB' };
  const current = asText(onDisk);
  const next = asText(written);
  if ((onDisk !== undefined && current === undefined) || (written !== undefined && next === undefined)) {
    return { ...view, notShown: 'a binary file' };
  }
  view.current = current;
  view.next = next;
  if (decision.action === 'delete') view.diff = diffLines(current ?? '', '');
  else if (next !== undefined) view.diff = diffLines(current ?? '', next);
  if (decision.stages) {
    const { base, ours, theirs } = decision.stages;
    view.stages = { base: asText(base), ours: asText(ours) ?? '', theirs: asText(theirs) ?? '' };
  }
  return view;
}
