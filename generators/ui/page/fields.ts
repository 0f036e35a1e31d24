/**
 * The form from the question table as data: one labelled control per question, its
 * description and its error joined to it by aria-describedby, the error in a live region so
 * screen readers announce it as the user types. Plugin questions show while their plugin is on.
 */
import type { AnswerValue, CatalogEntry, Field, Preview } from '../api-types.js';
import { el } from './dom.js';

const id = (name: string) => `field-${name}`;

function control(field: Field): HTMLInputElement | HTMLSelectElement {
  const common = { id: id(field.name), name: field.name, 'aria-describedby': `${id(field.name)}-hint ${id(field.name)}-error` };
  if (field.type === 'confirm') return el('input', { ...common, type: 'checkbox' });
  if (field.type === 'list') return el('select', common, ...(field.choices ?? []).map((c) => el('option', { value: c.value }, c.label)));
  return el('input', { ...common, type: 'text', autocomplete: 'off', spellcheck: 'false' });
}

/** Draws the fields into `form`; `changed` gets each edit as the CLI would receive it. */
export function drawFields(form: HTMLFormElement, fields: Field[], changed: (name: string, value: AnswerValue) => void): void {
  for (const field of fields) {
    const input = control(field);
    const label = el('label', { for: input.id }, field.label);
    const hint = el('span', { id: `${input.id}-hint`, class: 'hint' }, `${field.description} (${field.option})`);
    const error = el('p', { id: `${input.id}-error`, class: 'error', 'aria-live': 'polite' });
    const wrapper = el('div', { class: 'field', 'data-plugin': field.plugin });
    if (field.type === 'confirm') wrapper.append(el('label', { for: input.id }, input, ` ${field.label}`), hint, error);
    else wrapper.append(label, hint, input, error);
    if (field.plugin) wrapper.hidden = true;
    const emit = () => changed(field.name, input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.value);
    input.addEventListener(field.type === 'input' ? 'input' : 'change', emit);
    form.append(wrapper);
  }
  // Enter in a text field must not submit anything: Generate/Apply is an explicit button.
  form.addEventListener('submit', (event) => event.preventDefault());
}

/** Shows the resolved values (defaults follow earlier answers) and the CLI's messages. */
export function showResolved(form: HTMLFormElement, preview: Preview, touched: Set<string>, activePlugins: Set<string>): void {
  for (const wrapper of form.querySelectorAll<HTMLElement>('.field')) {
    const plugin = wrapper.dataset.plugin;
    if (plugin) wrapper.hidden = !activePlugins.has(plugin);
  }
  for (const input of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
    const value = preview.values[input.name];
    if (value !== undefined && !touched.has(input.name) && document.activeElement !== input) {
      if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = value === true;
      else input.value = String(value);
    }
    const problem = preview.problems[input.name];
    const error = document.getElementById(`${input.id}-error`);
    if (error && error.textContent !== (problem ?? '')) error.textContent = problem ?? '';
    input.setAttribute('aria-invalid', problem ? 'true' : 'false');
  }
}

/**
 * The catalog: a checkbox per plugin that can be added by name; a plugin a main answer
 * switches points at its question; dependencies show checked and locked with who needs them.
 */
export function drawCatalog(list: HTMLElement, catalog: CatalogEntry[], preview: Preview, explicit: Set<string>, toggled: (name: string, on: boolean) => void): void {
  const active = new Map(preview.active.map((p) => [p.name, p]));
  // Redrawn on every preview: keyboard focus must stay on the checkbox just used.
  const focused = document.activeElement?.id;
  list.replaceChildren(
    ...catalog.map((entry) => {
      const status = active.get(entry.name);
      const clash = entry.conflicts.find((other) => active.has(other)) ?? preview.active.find((p) => catalog.find((c) => c.name === p.name)?.conflicts.includes(entry.name))?.name;
      const noteId = `plugin-${entry.name}-note`;
      const notes = [entry.summary];
      if (entry.requires.length) notes.push(`needs ${entry.requires.join(', ')}`);
      if (status?.how === 'dependency') notes.push(`required by ${status.requiredBy.join(', ')}`);
      if (status?.how === 'answer' || (!status && entry.enabledBy)) notes.push(`switched by the answer ${entry.enabledBy!.question}`);
      if (clash && !status) notes.push(`conflicts with ${clash}`);
      const box = el('input', {
        type: 'checkbox',
        id: `plugin-${entry.name}`,
        name: `plugin-${entry.name}`,
        'aria-describedby': noteId,
        checked: Boolean(status),
        // Only what `djangoflow plugin <name>` itself records can be ticked here.
        disabled: Boolean(entry.enabledBy) || status?.how === 'dependency' || (Boolean(clash) && !status),
      });
      box.checked = Boolean(status) || explicit.has(entry.name);
      box.addEventListener('change', () => toggled(entry.name, box.checked));
      return el('li', { 'data-plugin': entry.name, 'data-status': status?.how ?? 'off' }, el('label', { for: box.id }, box, ` ${entry.name}`), el('span', { id: noteId, class: 'note' }, notes.join('; ')));
    }),
  );
  if (focused) document.getElementById(focused)?.focus();
}
