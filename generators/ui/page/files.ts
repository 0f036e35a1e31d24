/**
 * The file view and the plan's one-line summary: a planned file's content, its diff against
 * the folder, or for a conflict the three versions (the tree of files is tree.ts).
 */
import type { FileView, Hunk, PlannedFile } from '../api-types.js';
import { el } from './dom.js';

/** Actions that leave a file different (lib/run/next-steps.ts counts the same). */
export const writingActions = new Set(['create', 'update', 'merge', 'conflict', 'delete']);

/** One line per action that changes something: "12 create, 1 conflict"; the others (keep, skip) after it. */
export function planSummary(files: PlannedFile[]): string {
  const counts = new Map<string, number>();
  for (const file of files) counts.set(file.action, (counts.get(file.action) ?? 0) + 1);
  const part = ([action, n]: [string, number]) => `${n} ${action}`;
  const writing = [...counts].filter(([action]) => writingActions.has(action)).map(part);
  const others = [...counts].filter(([action]) => !writingActions.has(action) && action !== 'unchanged').map(part);
  const rest = others.length ? ` (${others.join(', ')})` : '';
  return writing.length ? `Planned: ${writing.join(', ')}${rest}` : `Nothing to change${rest}`;
}

function diffBlock(hunks: Hunk[]): HTMLElement {
  const pre = el('pre', { class: 'diff', 'aria-label': 'diff', tabindex: '0' });
  for (const hunk of hunks) {
    pre.append(el('span', {}, `@@ -${hunk.oldStart} +${hunk.newStart} @@\n`));
    for (const line of hunk.lines) {
      pre.append(el('span', { class: line.kind === '+' ? 'add' : line.kind === '-' ? 'del' : 'same' }, `${line.kind}${line.text}\n`));
    }
  }
  return pre;
}

const block = (label: string, text: string) => el('figure', {}, el('figcaption', {}, label), el('pre', { 'aria-label': label, tabindex: '0' }, text));

export function drawView(viewer: HTMLElement, view: FileView, newProject: boolean): void {
  const heading = el('p', {}, el('strong', {}, view.path), ` — `, el('span', { class: `action action-${view.action}` }, view.action), `: ${view.reason}`);
  const parts: HTMLElement[] = [heading];
  if (view.notShown) parts.push(el('p', {}, `Not shown: ${view.notShown}.`));
  else if (newProject && view.next !== undefined) parts.push(block('content', view.next));
  else if (view.stages) {
    parts.push(el('div', { class: 'stages' }, block('base (last generation)', view.stages.base ?? '(none)'), block('yours', view.stages.ours), block(`djangoflow`, view.stages.theirs)));
    if (view.next !== undefined) parts.push(block('written, with conflict markers', view.next));
  } else if (view.diff?.length) parts.push(diffBlock(view.diff));
  else parts.push(block('content', view.current ?? view.next ?? ''));
  viewer.replaceChildren(...parts);
}
