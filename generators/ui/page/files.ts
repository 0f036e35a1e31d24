/**
 * The file explorer and the file view: the planned files (a new project's are all creates),
 * each a button; its content, its diff against the folder, or for a conflict the three versions.
 */
import type { FileView, Hunk, PlannedFile } from '../api-types.js';
import { el } from './dom.js';

/** Draws the list; `open` is called with the path the user picks (click, Enter or Space). */
export function drawFiles(list: HTMLElement, files: PlannedFile[], showUnchanged: boolean, current: string | undefined, open: (path: string) => void): void {
  const shown = files.filter((f) => showUnchanged || f.action !== 'unchanged').sort((a, b) => (a.path < b.path ? -1 : 1));
  list.replaceChildren(
    ...shown.map((file) =>
      el(
        'li',
        {},
        (() => {
          const button = el('button', { type: 'button', 'data-path': file.path, 'aria-current': file.path === current ? 'true' : undefined, title: file.reason }, el('span', { class: `action action-${file.action}` }, file.action), ` ${file.path}`);
          button.addEventListener('click', () => open(file.path));
          return button;
        })(),
      ),
    ),
  );
}

/** One line per action that changes something: "12 create, 1 conflict". */
export function planSummary(files: PlannedFile[]): string {
  const counts = new Map<string, number>();
  for (const file of files) counts.set(file.action, (counts.get(file.action) ?? 0) + 1);
  const parts = [...counts].filter(([action]) => action !== 'unchanged').map(([action, n]) => `${n} ${action}`);
  return parts.length ? `Planned: ${parts.join(', ')}` : 'Nothing to change';
}

function diffBlock(hunks: Hunk[]): HTMLElement {
  const pre = el('pre', { class: 'diff', 'aria-label': 'diff' });
  for (const hunk of hunks) {
    pre.append(el('span', {}, `@@ -${hunk.oldStart} +${hunk.newStart} @@\n`));
    for (const line of hunk.lines) {
      pre.append(el('span', { class: line.kind === '+' ? 'add' : line.kind === '-' ? 'del' : 'same' }, `${line.kind}${line.text}\n`));
    }
  }
  return pre;
}

const block = (label: string, text: string) => el('figure', {}, el('figcaption', {}, label), el('pre', { 'aria-label': label }, text));

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
