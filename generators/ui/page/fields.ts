/**
 * The form from the question table as data: one labelled control per question, its
 * description and its error joined to it by aria-describedby, the error in a live region so
 * screen readers announce it as the user types. Plugin questions show while their plugin is on.
 * The table's questions sit in four fieldsets (identity, stack, services, delivery), in table
 * order; a single choice among at most four is a radio group, a longer one a select.
 */
import type { AnswerValue, Field, Preview } from '../api-types.js';
import { el } from './dom.js';

/** A question's element ids: `field-<name>` in the Project form; another form (the Upgrade section's) has its own prefix. */
type Ids = (name: string) => string;
const prefixed = (prefix: string): Ids => (name) => `${prefix}-${name}`;

const groups = [['identity', 'Identity'], ['stack', 'Stack'], ['services', 'Services'], ['delivery', 'Delivery']] as const;

/** A single choice among few: radios rather than a select. */
const asRadios = (field: Field) => field.type === 'list' && !field.items && (field.choices?.length ?? 0) > 0 && field.choices!.length <= 4;

/** A small single-choice question: one radio per choice in a labelled group; the value is the checked radio's. */
function radioGroup(field: Field, changed: (name: string, value: AnswerValue) => void, id: Ids): HTMLElement {
  const radios = field.choices!.map((c) => el('input', { type: 'radio', id: `${id(field.name)}-${c.value}`, name: field.name, value: c.value }));
  radios.forEach((radio) => radio.addEventListener('change', () => radio.checked && changed(field.name, radio.value)));
  return el('fieldset', { id: id(field.name), class: 'items', role: 'radiogroup', 'data-radios': field.name, 'aria-describedby': `${id(field.name)}-hint ${id(field.name)}-error` },
    el('legend', {}, field.label),
    ...radios.map((radio, i) => el('label', { for: radio.id, class: 'inline' }, radio, ` ${field.choices![i]!.label}`)));
}

/** An item-set question (`--api drf,ninja`): one checkbox per item in a labelled group; the value is their list, or `none`. */
function itemGroup(field: Field, changed: (name: string, value: AnswerValue) => void, id: Ids): HTMLElement {
  const boxes = field.items!.map((item) => el('input', { type: 'checkbox', id: `${id(field.name)}-${item.value}`, 'data-item-of': field.name, value: item.value }));
  const emit = () => changed(field.name, boxes.filter((b) => b.checked).map((b) => b.value).join(',') || 'none');
  boxes.forEach((box) => box.addEventListener('change', emit));
  return el('fieldset', { id: id(field.name), class: 'items', 'data-items': field.name, 'aria-describedby': `${id(field.name)}-hint ${id(field.name)}-error` },
    el('legend', {}, field.label),
    ...boxes.map((box, i) => el('label', { for: box.id, class: 'inline' }, box, ` ${field.items![i]!.label} (${field.items![i]!.value})`)));
}

function control(field: Field, id: Ids): HTMLInputElement | HTMLSelectElement {
  const common = { id: id(field.name), name: field.name, 'aria-describedby': `${id(field.name)}-hint ${id(field.name)}-error` };
  if (field.type === 'confirm') return el('input', { ...common, type: 'checkbox' });
  if (field.type === 'list') return el('select', common, ...(field.choices ?? []).map((c) => el('option', { value: c.value }, c.label)));
  if (field.secret) return el('input', { ...common, type: 'password', autocomplete: 'off', spellcheck: 'false' });
  return el('input', { ...common, type: 'text', autocomplete: 'off', spellcheck: 'false' });
}

/** Draws the fields into `form` (ids `<idPrefix>-<name>`); `changed` gets each edit as the CLI would receive it. */
export function drawFields(form: HTMLFormElement, fields: Field[], changed: (name: string, value: AnswerValue) => void, idPrefix = 'field'): void {
  const id = prefixed(idPrefix);
  const sets = new Map(groups.filter(([group]) => fields.some((f) => f.group === group)).map(([group, title]) => [group as string, el('fieldset', { class: 'group', 'data-group': group }, el('legend', {}, title))]));
  form.append(...sets.values());
  const place = (field: Field, wrapper: HTMLElement) => (field.group && sets.get(field.group) ? sets.get(field.group)!.append(wrapper) : form.append(wrapper));
  for (const field of fields) {
    if (field.items || asRadios(field)) {
      const wrapper = el('div', { class: 'field', 'data-plugin': field.plugin }, field.items ? itemGroup(field, changed, id) : radioGroup(field, changed, id));
      wrapper.append(el('span', { id: `${id(field.name)}-hint`, class: 'hint' }, `${field.description} (${field.option})`), el('p', { id: `${id(field.name)}-error`, class: 'error', 'aria-live': 'polite' }));
      if (field.plugin) wrapper.hidden = true;
      place(field, wrapper);
      continue;
    }
    const input = control(field, id);
    const label = el('label', { for: input.id }, field.label);
    const hint = el('span', { id: `${input.id}-hint`, class: 'hint' }, `${field.description} (${field.option})`);
    const error = el('p', { id: `${input.id}-error`, class: 'error', 'aria-live': 'polite' });
    const wrapper = el('div', { class: 'field', 'data-plugin': field.plugin });
    if (field.type === 'confirm') wrapper.append(el('label', { for: input.id }, input, ` ${field.label}`), hint, error);
    else wrapper.append(label, hint, input, error);
    if (field.plugin) wrapper.hidden = true;
    const emit = () => changed(field.name, input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.value);
    input.addEventListener(field.type === 'input' ? 'input' : 'change', emit);
    place(field, wrapper);
  }
  // Enter in a text field must not submit anything: Generate/Apply is an explicit button.
  form.addEventListener('submit', (event) => event.preventDefault());
}

/** Shows the resolved values (defaults follow earlier answers) and the CLI's messages. */
export function showResolved(form: HTMLElement, preview: Preview, touched: Set<string>, activePlugins: Set<string>): void {
  for (const group of form.querySelectorAll<HTMLElement>('[data-items]')) {
    const name = group.dataset.items!;
    const value = preview.values[name];
    if (value !== undefined && !touched.has(name)) {
      const items = String(value).split(',');
      group.querySelectorAll<HTMLInputElement>('input').forEach((box) => (box.checked = items.includes(box.value)));
    }
    const problem = preview.problems[name] ?? '';
    const error = document.getElementById(`${group.id}-error`);
    if (error && error.textContent !== problem) error.textContent = problem;
  }
  for (const group of form.querySelectorAll<HTMLElement>('[data-radios]')) {
    const name = group.dataset.radios!;
    const value = preview.values[name];
    if (value !== undefined && !touched.has(name)) group.querySelectorAll<HTMLInputElement>('input').forEach((radio) => (radio.checked = radio.value === String(value)));
    const problem = preview.problems[name] ?? '';
    const error = document.getElementById(`${group.id}-error`);
    if (error && error.textContent !== problem) error.textContent = problem;
    group.setAttribute('aria-invalid', problem ? 'true' : 'false');
  }
  for (const wrapper of form.querySelectorAll<HTMLElement>('.field[data-plugin]')) {
    const plugin = wrapper.dataset.plugin;
    if (plugin) wrapper.hidden = !activePlugins.has(plugin);
  }
  for (const input of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('.field input[name]:not([type="radio"]), .field select[name]')) {
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
