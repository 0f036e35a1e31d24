/**
 * The plugin catalog of the Project section: grouped (DF modules, integrations, and the
 * infrastructure a main answer switches), searchable by name and summary, each plugin with what
 * it needs and what it conflicts with shown before it is chosen, and its own questions in place
 * under it while it is on. Drawn once and updated per preview, so focus and typing survive.
 */
import type { CatalogEntry, Preview } from '../api-types.js';
import { el } from './dom.js';

const groups: [string, string, (entry: CatalogEntry) => boolean][] = [
  ['df-modules', 'DF modules', (e) => e.kind === 'df-module'],
  ['integrations', 'Integrations', (e) => e.kind !== 'df-module' && !e.enabledBy],
  ['infrastructure', 'Infrastructure (switched by an answer)', (e) => e.kind !== 'df-module' && Boolean(e.enabledBy)],
];

interface Item {
  entry: CatalogEntry;
  li: HTMLLIElement;
  box: HTMLInputElement;
  note: HTMLElement;
}

export interface Catalog {
  update(preview: Preview, explicit: Set<string>): void;
}

export function catalogSection(root: HTMLElement, catalog: CatalogEntry[], questionsOf: (plugin: string) => HTMLElement[], toggled: (name: string, on: boolean) => void): Catalog {
  const search = el('input', { type: 'search', id: 'plugin-search', autocomplete: 'off', 'aria-describedby': 'plugin-search-count' });
  const count = el('span', { id: 'plugin-search-count', class: 'hint', 'aria-live': 'polite' });
  const items: Item[] = catalog.map((entry) => {
    const box = el('input', { type: 'checkbox', id: `plugin-${entry.name}`, name: `plugin-${entry.name}`, 'aria-describedby': `plugin-${entry.name}-note` });
    box.addEventListener('change', () => toggled(entry.name, box.checked));
    const note = el('span', { id: `plugin-${entry.name}-note`, class: 'note' });
    const questions = el('div', { class: 'plugin-questions' }, ...questionsOf(entry.name));
    const li = el('li', { 'data-plugin': entry.name, 'data-status': 'off' }, el('label', { for: box.id }, box, ` ${entry.name}`), note, questions);
    return { entry, li, box, note };
  });
  const filter = () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of items) {
      const text = `${item.entry.name} ${item.entry.summary} ${item.entry.kind}`.toLowerCase();
      item.li.hidden = !words.every((word) => text.includes(word));
      if (!item.li.hidden) shown++;
    }
    for (const section of root.querySelectorAll<HTMLElement>('[data-group]')) section.hidden = !section.querySelector('li[data-plugin]:not([hidden])');
    count.textContent = words.length ? `${shown} of ${items.length} plugins match` : '';
  };
  search.addEventListener('input', filter);
  root.replaceChildren(
    el('div', { class: 'field' }, el('label', { for: search.id }, 'Search plugins'), search, count),
    ...groups.map(([id, title, member]) =>
      el('section', { 'data-group': id, 'aria-labelledby': `group-${id}` }, el('h3', { id: `group-${id}` }, title), el('ul', { class: 'catalog' }, ...items.filter((i) => member(i.entry)).map((i) => i.li))),
    ),
  );
  return {
    update(preview, explicit) {
      const active = new Map(preview.active.map((p) => [p.name, p]));
      for (const { entry, li, box, note } of items) {
        const status = active.get(entry.name);
        const clash = entry.conflicts.find((other) => active.has(other)) ?? preview.active.find((p) => catalog.find((c) => c.name === p.name)?.conflicts.includes(entry.name))?.name;
        const notes = [entry.summary];
        if (entry.requires.length) notes.push(`needs ${entry.requires.join(', ')}`);
        if (entry.conflicts.length) notes.push(`conflicts with ${entry.conflicts.join(', ')}`);
        if (status?.how === 'dependency') notes.push(`required by ${status.requiredBy.join(', ')}`);
        if (status?.how === 'answer' || (!status && entry.enabledBy)) notes.push(`switched by the answer ${entry.enabledBy!.question}`);
        if (clash && !status) notes.push(`cannot be added while ${clash} is on`);
        note.textContent = notes.join('; ');
        li.dataset.status = status?.how ?? 'off';
        // Only what `djangoflow plugin <name>` itself records can be ticked here.
        box.disabled = Boolean(entry.enabledBy) || status?.how === 'dependency' || (Boolean(clash) && !status);
        box.checked = Boolean(status) || explicit.has(entry.name);
      }
    },
  };
}
