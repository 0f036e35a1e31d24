/**
 * The planned files as a tree: folders with the count of their files per action ("src/apps/blog
 * 9 create"), a chain of single folders shown as one path, files as buttons that open the
 * view. A folder with a change other than a create, or the open file, starts open; the rest
 * stays as the user left it across previews.
 */
import type { PlannedFile } from '../api-types.js';
import { el } from './dom.js';

interface Folder {
  name: string;
  folders: Map<string, Folder>;
  files: PlannedFile[];
}

const userToggled = new Map<string, boolean>();

function build(files: PlannedFile[]): Folder {
  const root: Folder = { name: '', folders: new Map(), files: [] };
  for (const file of files) {
    const parts = file.path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      if (!folder.folders.has(part)) folder.folders.set(part, { name: part, folders: new Map(), files: [] });
      folder = folder.folders.get(part)!;
    }
    folder.files.push(file);
  }
  return root;
}

const allFiles = (folder: Folder): PlannedFile[] => [...folder.files, ...[...folder.folders.values()].flatMap(allFiles)];

/** "12 files: 11 create, 1 merge". */
export function countLabel(files: PlannedFile[]): string {
  const counts = new Map<string, number>();
  for (const f of files) counts.set(f.action, (counts.get(f.action) ?? 0) + 1);
  return `${files.length} file${files.length === 1 ? '' : 's'}: ${[...counts].map(([a, n]) => `${n} ${a}`).join(', ')}`;
}

function fileItem(file: PlannedFile, name: string, current: string | undefined, open: (path: string) => void): HTMLElement {
  const button = el('button', { type: 'button', 'data-path': file.path, 'aria-current': file.path === current ? 'true' : undefined, title: `${file.path}: ${file.reason}` }, el('span', { class: `action action-${file.action}` }, file.action), ` ${name}`);
  button.addEventListener('click', () => open(file.path));
  return el('li', {}, button);
}

function folderItem(folder: Folder, path: string, current: string | undefined, open: (path: string) => void, manyFiles: boolean): HTMLElement {
  // A folder holding one folder and no file is shown as one path: src/apps/blog.
  let shown = folder;
  let label = folder.name;
  let full = path;
  while (!shown.files.length && shown.folders.size === 1) {
    shown = [...shown.folders.values()][0]!;
    label += `/${shown.name}`;
    full += `/${shown.name}`;
  }
  const files = allFiles(shown);
  const changed = files.some((f) => f.action !== 'create' && f.action !== 'unchanged');
  const openByDefault = (!manyFiles || changed) || (current !== undefined && current.startsWith(`${full}/`));
  const details = el('details', { 'data-folder': full, open: userToggled.get(full) ?? openByDefault });
  details.addEventListener('toggle', () => userToggled.set(full, details.open));
  details.append(el('summary', {}, el('span', { class: 'folder' }, `${label}/`), ' ', el('span', { class: 'count' }, countLabel(files))), list(shown, full, current, open, manyFiles));
  return el('li', {}, details);
}

function list(folder: Folder, path: string, current: string | undefined, open: (path: string) => void, manyFiles: boolean): HTMLElement {
  const prefix = path ? `${path}/` : '';
  const folders = [...folder.folders.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  const files = [...folder.files].sort((a, b) => (a.path < b.path ? -1 : 1));
  return el('ul', { class: 'tree' }, ...folders.map((f) => folderItem(f, `${prefix}${f.name}`, current, open, manyFiles)), ...files.map((f) => fileItem(f, f.path.slice(prefix.length), current, open)));
}

/** Draws the tree into `root`; `open` is called with the path the user picks (click, Enter or Space). */
export function drawTree(root: HTMLElement, files: PlannedFile[], showUnchanged: boolean, current: string | undefined, open: (path: string) => void): void {
  const shown = files.filter((f) => showUnchanged || f.action !== 'unchanged');
  root.replaceChildren(...(shown.length ? [list(build(shown), '', current, open, shown.length > 40)] : []));
}
