/**
 * The page's Conflicts section: the files a run left with markers, each with its three
 * versions side by side (base, yours, the template's) and per hunk a choice (yours, the
 * template's, both) as a radio group; "Write resolved file" sends the choices, the server
 * writes through reconcile's apply under the lock and answers with the conflicts left.
 */
import type { ConflictFile, ConflictResult, HunkChoiceName } from '../api-types.js';
import { call } from './api.js';
import { el } from './dom.js';

const choiceLabels: [HunkChoiceName, string][] = [
  ['yours', 'Yours'],
  ['template', "Template's"],
  ['both', 'Both (yours first)'],
];

function versionPane(title: string, text: string, id: string, label = title): HTMLElement {
  // The pre scrolls: it takes the focus (keyboard scrolling) and names itself.
  return el('div', { class: 'version' }, el('h4', {}, title), el('pre', { 'data-version': id, tabindex: '0', role: 'region', 'aria-label': label }, text));
}

function hunkChoice(file: ConflictFile, index: number): HTMLElement {
  const hunk = file.hunks[index]!;
  const name = `hunk-${file.path}-${index}`;
  const options = choiceLabels.map(([value, label]) =>
    el('label', {}, el('input', { type: 'radio', name, value, 'data-hunk': String(index), checked: value === 'yours' }), ` ${label}`),
  );
  return el('fieldset', { class: 'hunk' },
    el('legend', {}, `Hunk ${index + 1} of ${file.hunks.length}`),
    el('div', { class: 'versions' }, versionPane('Yours', hunk.yours, 'yours', `hunk ${index + 1}, yours`), versionPane('Base', hunk.base ?? '', 'base', `hunk ${index + 1}, base`), versionPane("Template's", hunk.template, 'template', `hunk ${index + 1}, template's`)),
    ...options);
}

function fileBlock(file: ConflictFile, done: (result: ConflictResult) => void, failed: (error: Error) => void): HTMLElement {
  if (file.byHand || !file.versions) return el('article', { class: 'conflict', 'data-conflict': file.path }, el('h3', {}, file.path), el('p', { class: 'note' }, file.byHand ?? ''));
  const { base, yours, template } = file.versions;
  const button = el('button', { type: 'button', 'data-resolve': file.path }, 'Write resolved file');
  const block = el('article', { class: 'conflict', 'data-conflict': file.path },
    el('h3', {}, file.path),
    el('details', {}, el('summary', {}, 'The whole file, three versions side by side'),
      el('div', { class: 'versions' }, versionPane('Base (last render)', base, 'base'), versionPane('Yours (on disk)', yours, 'yours'), versionPane("Template's (new render)", template, 'template'))),
    ...file.hunks.map((_, i) => hunkChoice(file, i)),
    button);
  button.addEventListener('click', () => {
    const choices = file.hunks.map((_, i) => block.querySelector<HTMLInputElement>(`input[data-hunk="${i}"]:checked`)?.value as HunkChoiceName);
    button.disabled = true;
    call<ConflictResult>('/api/conflicts/resolve', { path: file.path, choices }).then(done, (error: Error) => {
      button.disabled = false;
      failed(error);
    });
  });
  return block;
}

/** Draws the section; `said` shows the server's lines after a resolution. */
export function drawConflicts(root: HTMLElement, files: ConflictFile[], said: (lines: string[]) => void, failed: (error: Error) => void): void {
  const redraw = (result: ConflictResult) => {
    said(result.lines);
    drawConflicts(root, result.conflicts, said, failed);
  };
  if (!files.length) {
    root.replaceChildren(el('p', { class: 'note', 'data-no-conflicts': '' }, 'No file is left with conflict markers.'));
    return;
  }
  root.replaceChildren(
    el('p', { class: 'note' }, `${files.length} file${files.length === 1 ? '' : 's'} left with conflicts. Choose a side per hunk, then write the file: the next djangoflow run keeps it as written.`),
    ...files.map((file) => fileBlock(file, redraw, failed)),
  );
}
