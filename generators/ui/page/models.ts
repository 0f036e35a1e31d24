/**
 * The page's Apps and models section: the recorded apps, models and fields (from the record),
 * with buttons that propose a change (remove a field or model, pages on or off); a form for a
 * new app; the hand-made apps of src/apps/ the server found, to adopt; a field editor that writes fields in the field language (`title:str?:120`) from the
 * type list, the modifiers and a relation target chosen from the project's models. Every
 * proposal goes to the server as the words of `startapp`, `model` or `adopt-app`; nothing is decided here.
 */
import type { FieldTypeInfo, ModelsData, ProjectChange, RecordedModel } from '../api-types.js';
import { byId, el } from './dom.js';

type Propose = (change: ProjectChange) => void;

const labelled = (id: string, label: string, control: HTMLElement, hint?: string) =>
  el('div', { class: 'field' }, el('label', { for: id }, label), ...(hint ? [el('span', { class: 'hint', id: `${id}-hint` }, hint)] : []), control);
const checkbox = (id: string, label: string) => el('label', { for: id, class: 'inline' }, el('input', { type: 'checkbox', id }), ` ${label}`);
const input = (id: string, extra: Record<string, string> = {}) => el('input', { type: 'text', id, autocomplete: 'off', spellcheck: 'false', ...extra });
const button = (text: string, attributes: Record<string, string>, action: () => void) => {
  const b = el('button', { type: 'button', ...attributes }, text);
  b.addEventListener('click', action);
  return b;
};

const modelChange = (app: string, model: string, rest: Partial<Extract<ProjectChange, { kind: 'model' }>>): ProjectChange => ({ kind: 'model', app, model, fields: [], removeFields: [], remove: false, ...rest });

/** The recorded models as a list, each field with its word and a button per change. */
function drawRecorded(list: HTMLElement, data: ModelsData, propose: Propose, grow: (app: string, model: string) => void): void {
  const modelItem = (app: string, model: RecordedModel) => {
    const qualified = `${app}.${model.name}`;
    const fields = el('ul', { class: 'fields-list', 'aria-label': `fields of ${qualified}` }, ...model.fields.map((f) =>
      el('li', {}, el('code', {}, f.word), ' ', button('Remove', { 'aria-label': `Remove field ${f.name} of ${qualified}`, 'data-remove-field': `${qualified}.${f.name}` }, () => propose(modelChange(app, model.name, { removeFields: [f.name] })))),
    ));
    return el('li', { class: 'model', 'data-model': qualified },
      el('h4', {}, qualified, model.pages ? ' (pages)' : ''), fields,
      el('div', { class: 'row' },
        button('Add fields', { 'aria-label': `Add fields to ${qualified}` }, () => grow(app, model.name)),
        button(model.pages ? 'Pages off' : 'Pages on', { 'aria-label': `${model.pages ? 'Pages off' : 'Pages on'} for ${qualified}` }, () => propose(modelChange(app, model.name, { pages: !model.pages }))),
        button('Remove model', { 'aria-label': `Remove model ${qualified}` }, () => propose(modelChange(app, model.name, { remove: true })))));
  };
  list.replaceChildren(...data.apps.map((app) =>
    el('li', { 'data-app': app.name },
      el('h3', {}, app.name, app.adopted ? ' (adopted: its files are yours)' : ''),
      app.adopted ? '' : el('ul', { class: 'models' }, ...app.models.map((m) => modelItem(app.name, m))),
      app.adopted || app.models.length ? '' : el('p', { class: 'note' }, 'No models yet.'))));
  if (!data.apps.length) list.append(el('li', { class: 'note' }, 'No apps recorded yet.'));
}

/** The word of the field the editor holds, or why it cannot be one yet. */
function editedWord(types: Map<string, FieldTypeInfo>): { word?: string; problem?: string } {
  const value = (id: string) => byId<HTMLInputElement>(id).value.trim();
  const on = (id: string) => byId<HTMLInputElement>(id).checked;
  const name = value('field-name');
  if (!name) return { problem: 'give the field a name (e.g. title)' };
  const type = types.get(value('field-type'))!;
  const target = type.relation ? `=${value('field-target')}` : type.choices ? `=${value('field-choices')}` : '';
  const parts = [`${name}:${type.name}${target}${type.optional && on('field-optional') ? '?' : ''}`];
  if (type.maxLength && value('field-length')) parts.push(value('field-length'));
  if (type.indexable && on('field-unique')) parts.push('unique');
  if (type.indexable && on('field-index')) parts.push('index');
  if (type.defaultKind && value('field-default')) parts.push(`default=${value('field-default')}`);
  return { word: parts.join(':') };
}

/** Shows only the inputs the chosen type takes. */
function fitEditor(types: Map<string, FieldTypeInfo>): void {
  const type = types.get(byId<HTMLSelectElement>('field-type').value)!;
  const show = (id: string, shown: boolean) => (byId(id).closest('.field, label')!.toggleAttribute('hidden', !shown));
  show('field-target', Boolean(type.relation));
  show('field-choices', type.choices);
  show('field-optional', type.optional);
  show('field-length', type.maxLength);
  show('field-unique', type.indexable);
  show('field-index', type.indexable);
  show('field-default', Boolean(type.defaultKind));
  byId('field-type-hint').textContent = type.description;
}

export interface ModelsSection {
  draw(data: ModelsData): void;
  /** After an apply: the fields to add are recorded now. */
  reset(): void;
}

export function modelsSection(root: HTMLElement, propose: Propose): ModelsSection {
  let pending: string[] = [];
  let types = new Map<string, FieldTypeInfo>();
  const recorded = el('ul', { id: 'apps', class: 'apps', 'aria-label': 'recorded apps' });
  const pendingList = el('ul', { id: 'pending-fields', class: 'fields-list', 'aria-label': 'fields to add' });
  const problem = el('p', { id: 'field-problem', class: 'error', role: 'alert' });
  const typeSelect = el('select', { id: 'field-type', 'aria-describedby': 'field-type-hint' });
  const targetSelect = el('select', { id: 'field-target' });
  const appSelect = el('select', { id: 'model-app' });
  const adoptSelect = el('select', { id: 'adopt-app', 'aria-describedby': 'adopt-app-hint' });
  const pages = el('select', { id: 'model-pages' }, el('option', { value: '' }, 'as they are'), el('option', { value: 'on' }, 'on'), el('option', { value: 'off' }, 'off'));
  const drawPending = () =>
    pendingList.replaceChildren(...pending.map((word, i) => el('li', {}, el('code', {}, word), ' ', button('Remove', { 'aria-label': `Remove ${word} from the fields to add` }, () => {
      pending = pending.filter((_, j) => j !== i);
      drawPending();
    }))));
  const addField = () => {
    const { word, problem: why } = editedWord(types);
    problem.textContent = why ?? '';
    if (!word) return;
    pending = [...pending, word];
    drawPending();
    // The next field starts blank but for its type.
    for (const id of ['field-name', 'field-choices', 'field-length', 'field-default']) byId<HTMLInputElement>(id).value = '';
    for (const id of ['field-optional', 'field-unique', 'field-index']) byId<HTMLInputElement>(id).checked = false;
    byId<HTMLInputElement>('field-name').focus();
  };
  const proposeModel = () => {
    const app = appSelect.value;
    const model = byId<HTMLInputElement>('model-name').value.trim();
    propose(modelChange(app, model, { fields: [...pending], ...(pages.value ? { pages: pages.value === 'on' } : {}) }));
  };
  root.replaceChildren(
    el('p', { id: 'models-blocked', class: 'banner-note', hidden: true }),
    el('h3', {}, 'Recorded'),
    recorded,
    el('fieldset', {}, el('legend', {}, 'Add an app'),
      labelled('new-app-name', 'App name', input('new-app-name')),
      checkbox('new-app-pages', 'Pages for its models'),
      labelled('new-app-models', 'Models (optional)', input('new-app-models', { 'aria-describedby': 'new-app-models-hint' }), 'as --model takes them: Post title:str body:text'),
      button('Preview the new app', { id: 'preview-app' }, () => {
        const models = byId<HTMLInputElement>('new-app-models').value.trim();
        propose({ kind: 'startapp', name: byId<HTMLInputElement>('new-app-name').value.trim(), models: models ? [models] : [], pages: byId<HTMLInputElement>('new-app-pages').checked });
      })),
    el('fieldset', {}, el('legend', {}, 'Adopt a hand-made app'),
      labelled('adopt-app', 'Folder of src/apps/', adoptSelect, 'a Django app (apps.py) not recorded yet: only the record changes, its files stay yours'),
      button('Preview adopting it', { id: 'preview-adopt' }, () => propose({ kind: 'adopt', name: adoptSelect.value }))),
    el('fieldset', {}, el('legend', {}, 'Add or grow a model'),
      labelled('model-app', 'App', appSelect),
      labelled('model-name', 'Model', input('model-name', { list: 'known-models' })),
      el('datalist', { id: 'known-models' }),
      el('fieldset', { class: 'editor' }, el('legend', {}, 'Field editor'),
        labelled('field-name', 'Field name', input('field-name')),
        labelled('field-type', 'Type', typeSelect),
        el('span', { class: 'hint', id: 'field-type-hint' }),
        labelled('field-target', 'Relation target', targetSelect),
        labelled('field-choices', 'Choices', input('field-choices', { 'aria-describedby': 'field-choices-hint' }), 'comma-separated: draft,published'),
        checkbox('field-optional', 'Optional (?)'),
        labelled('field-length', 'Max length', input('field-length', { inputmode: 'numeric' })),
        checkbox('field-unique', 'Unique'),
        checkbox('field-index', 'Index'),
        labelled('field-default', 'Default', input('field-default')),
        button('Add the field', { id: 'add-field' }, addField),
        problem),
      el('h4', {}, 'Fields to add'),
      pendingList,
      labelled('model-pages', 'Pages', pages),
      button('Preview the model change', { id: 'preview-model' }, proposeModel)),
  );
  typeSelect.addEventListener('change', () => fitEditor(types));
  byId('field-name').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') addField();
  });
  return {
    reset() {
      pending = [];
      drawPending();
    },
    draw(data) {
      types = new Map(data.fieldTypes.map((t) => [t.name, t]));
      if (!typeSelect.childElementCount) {
        typeSelect.append(...data.fieldTypes.map((t) => el('option', { value: t.name }, t.name)));
        fitEditor(types);
      }
      const keep = (select: HTMLSelectElement, values: string[]) => {
        const was = select.value;
        select.replaceChildren(...values.map((v) => el('option', { value: v }, v)));
        if (values.includes(was)) select.value = was;
      };
      keep(targetSelect, data.targets);
      keep(appSelect, data.apps.filter((a) => !a.adopted).map((a) => a.name));
      keep(adoptSelect, data.adoptable);
      byId('known-models').replaceChildren(...data.apps.flatMap((a) => a.models.map((m) => el('option', { value: m.name }))));
      const blocked = byId('models-blocked');
      blocked.hidden = !data.blocked;
      blocked.textContent = data.blocked ?? '';
      root.querySelectorAll<HTMLButtonElement>('fieldset button').forEach((b) => (b.disabled = Boolean(data.blocked)));
      byId<HTMLButtonElement>('preview-adopt').disabled = Boolean(data.blocked) || !data.adoptable.length;
      drawRecorded(recorded, data, propose, (app, model) => {
        appSelect.value = app;
        byId<HTMLInputElement>('model-name').value = model;
        byId('field-name').focus();
      });
    },
  };
}
