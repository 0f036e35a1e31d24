/**
 * A model's HTML pages (`--pages`) as the app templates print them: the form's fields, how
 * the detail page shows each field, and the form posts the generated tests make (a valid
 * one from the field table's samples, an invalid one the form must refuse).
 */
import type { ModelSpec } from '../record/state.js';
import { fieldTypes } from './field-types.js';
import { type FieldView, factoryImportLines, userFactory } from './field-view.js';

/** How the detail page shows a field's value. */
export type Display = 'plain' | 'choice' | 'bool' | 'file' | 'many';

export interface PageField {
  name: string;
  /** `publish at`: the label the detail page shows. */
  label: string;
  display: Display;
}

export interface PageView {
  formName: string;
  listView: string;
  detailView: string;
  createView: string;
  updateView: string;
  deleteView: string;
  /** Fields the form edits: every field but generated ones and the owner (set from the request). */
  formFields: string[];
  /** The form takes an upload: `enctype="multipart/form-data"`. */
  multipart: boolean;
  /** Fields the detail page shows. */
  shown: PageField[];
  /** A valid form post: field → Python expression. */
  payload: { name: string; value: string }[];
  /** A post the form refuses: a required field left empty, or a value of the wrong kind. */
  invalid?: { name: string; value: string };
  /** `from x.factories import ...` lines the page tests need. */
  testImports: string[];
}

/** Django's form field for the type asks for a value (model fields with blank=False, booleans aside). */
function formRequired(field: ModelSpec['fields'][number]): boolean {
  const type = fieldTypes[field.type]!;
  return !field.optional && !type.options.includes('blank=True') && field.type !== 'bool';
}

function display(type: string): Display {
  const entry = fieldTypes[type]!;
  if (entry.relation === 'm2m') return 'many';
  if (entry.djangoClass === 'FileField' || entry.djangoClass === 'ImageField') return 'file';
  if (entry.choices) return 'choice';
  if (type === 'bool') return 'bool';
  return 'plain';
}

export function pageView(model: ModelSpec, fields: FieldView[], owner: string | undefined, appName: string): PageView {
  const editable = model.fields.filter((f) => !fieldTypes[f.type]!.generated && f.name !== owner);
  const views = new Map(fields.map((f) => [f.name, f]));
  const payload = editable.flatMap((f) => {
    const value = views.get(f.name)!.formValue;
    return value ? [{ name: f.name, value }] : [];
  });
  const required = editable.find(formRequired);
  const wrongKind = editable.find((f) => views.get(f.name)!.invalidInput);
  const invalid = required ? { name: required.name, value: '""' } : wrongKind && { name: wrongKind.name, value: views.get(wrongKind.name)!.invalidInput! };
  // The tests make a user, and whatever the payload's relations point to.
  const related = editable.flatMap((f) => {
    const view = views.get(f.name)!;
    return view.apiFactory && view.formValue ? [view.apiFactory] : [];
  });
  const factories = [userFactory, { module: `${appName}.factories`, name: `${model.name}Factory` }, ...related];
  return {
    formName: `${model.name}Form`,
    listView: `${model.name}ListView`,
    detailView: `${model.name}DetailView`,
    createView: `${model.name}CreateView`,
    updateView: `${model.name}UpdateView`,
    deleteView: `${model.name}DeleteView`,
    formFields: editable.map((f) => f.name),
    multipart: editable.some((f) => display(f.type) === 'file'),
    shown: model.fields.map((f) => ({ name: f.name, label: f.name.replace(/_/g, ' '), display: display(f.type) })),
    payload,
    invalid,
    testImports: factoryImportLines(factories),
  };
}
