/**
 * One recorded field as the app templates print it: its Django declaration (type options from
 * lib/render/field-types.ts, then the modifiers: max length, choices, `?`, default, unique,
 * index), its factory-boy declaration and its API sample, and the reverse name of a relation.
 */
import type { ModelField, ModelSpec } from '../record/state.js';
import { fieldTypes } from './field-types.js';

/** The project's user model: relations to it go through settings.AUTH_USER_MODEL. */
export const userModel = 'users.User';
/** The project's one user factory (the users app's tests/factories.py, in every project): apps import it. */
export const userFactory = { module: 'users.tests.factories', name: 'UserFactory' } as const;

export interface FieldView {
  name: string;
  type: string;
  /** `models.CharField(_("title"), max_length=255)` */
  declaration: string;
  /** factory-boy declaration, absent when the field's default will do. */
  factory?: string;
  /** The factory class `factory` names that factories.py must import (the user factory). */
  factoryImport?: { module: string; name: string };
  /** A valid value in an API create request (Python expression), absent to leave it out. */
  apiValue?: string;
  /** A valid value in a page's form post (Python expression), absent to leave it out. */
  formValue?: string;
  /** A value the page's form refuses (Python expression). */
  invalidInput?: string;
  /** Factory class the api value needs, with the module it comes from. */
  apiFactory?: { module: string; name: string };
  isRelation: boolean;
}

/** `BlogPost` → `blog_post`. */
export const snakeCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();

/** English plural of the last word, good enough for names (`category` → `categories`). */
export function plural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

export const words = (snake: string) => snake.replace(/_/g, ' ');
const py = (text: string) => JSON.stringify(text);

/** `blog_post` → `blog_posts` (only the last word takes the plural). */
export function pluralSnake(snake: string): string {
  const parts = snake.split('_');
  return [...parts.slice(0, -1), plural(parts.at(-1)!)].join('_');
}

/**
 * The reverse accessor of a relation on its target, null for a symmetrical self m2m (it has
 * none). The app and the model name it, so it is unique in the project, and the field too when
 * the model has several relations to the same target; a one-to-one reads in the singular.
 */
export function relatedName(field: ModelField, model: ModelSpec, appName: string): string | null {
  const type = fieldTypes[field.type]!;
  if (type.relation === 'm2m' && field.target === `${appName}.${model.name}`) return null;
  const snake = snakeCase(model.name);
  const siblings = model.fields.filter((f) => f.target === field.target).length;
  const base = `${appName}_${type.relation === 'o2o' ? snake : pluralSnake(snake)}`;
  return siblings > 1 ? `${base}_${field.name}` : base;
}

function factoryOf(target: string): { module: string; name: string } {
  if (target === userModel) return userFactory;
  const [app, model] = target.split('.');
  return { module: `${app}.factories`, name: `${model}Factory` };
}

/** `"draft"` → `("draft", _("Draft"))`. */
const choiceLabel = (value: string) => {
  const label = value.replace(/[_-]+/g, ' ');
  return `(${py(value)}, _(${py(label[0]!.toUpperCase() + label.slice(1))}))`;
};

/** The options the recorded modifiers add after the type's own, replacing any the type sets. */
function withModifiers(options: string[], field: ModelField): string[] {
  const type = fieldTypes[field.type]!;
  const result = [...options];
  const set = (key: string, value: string) => {
    const at = result.findIndex((option) => option.startsWith(`${key}=`));
    if (at >= 0) result[at] = `${key}=${value}`;
    else result.push(`${key}=${value}`);
  };
  if (field.maxLength) set('max_length', String(field.maxLength));
  if (field.optional) {
    // Strings keep "" as their empty value; a unique one needs NULL, or two empty rows clash.
    if (type.optional === 'null' || field.unique) set('null', 'True');
    set('blank', 'True');
  }
  if (field.default !== undefined) {
    const kind = type.defaultKind;
    const value = kind === 'string' ? py(field.default) : kind === 'bool' ? (field.default === 'true' ? 'True' : 'False') : field.default;
    set('default', value);
  }
  if (field.unique) set('unique', 'True');
  if (field.index) set('db_index', 'True');
  return result;
}

export function fieldView(field: ModelField, model: ModelSpec, appName: string): FieldView {
  const type = fieldTypes[field.type]!;
  const verbose = `_(${py(words(field.name))})`;
  const selfTarget = field.target === `${appName}.${model.name}`;
  const view: FieldView = { name: field.name, type: field.type, declaration: '', isRelation: Boolean(type.relation) };
  if (!type.relation) {
    // The table's samples name the field, the model and the app through `$` words.
    const fill = (sample?: string) =>
      sample
        ?.replaceAll('$words', words(field.name))
        .replaceAll('$models', pluralSnake(snakeCase(model.name)))
        .replaceAll('$model', snakeCase(model.name).replace(/_/g, '-'))
        .replaceAll('$app', appName)
        .replaceAll('$first', py(field.choices?.[0] ?? ''));
    const own = type.options.map((option) => fill(option)!);
    if (field.choices) {
      own.push(`max_length=${Math.max(...field.choices.map((c) => c.length))}`, `choices=[${field.choices.map(choiceLabel).join(', ')}]`);
    }
    view.declaration = `models.${type.djangoClass}(${[verbose, ...withModifiers(own, field)].join(', ')})`;
    if (!type.generated) {
      [view.factory, view.apiValue] = [fill(type.factory), fill(type.apiValue)];
      [view.formValue, view.invalidInput] = [fill(type.formValue) ?? view.apiValue, fill(type.invalidInput)];
    }
    return view;
  }

  const target = field.target!;
  const reference = target === userModel ? 'settings.AUTH_USER_MODEL' : py(target);
  const options = [reference, `verbose_name=${verbose}`];
  if (type.relation !== 'm2m') options.push('on_delete=models.CASCADE');
  const related = relatedName(field, model, appName);
  if (related) options.push(`related_name=${py(related)}`);
  // A required relation to its own model could never be created: self references are optional.
  const optional = field.optional || (selfTarget && type.relation !== 'm2m');
  view.declaration = `models.${type.djangoClass}(${withModifiers([...options, ...type.options], { ...field, optional }).join(', ')})`;
  if (selfTarget) return view;
  const related_factory = factoryOf(target);
  view.apiFactory = related_factory;
  if (type.relation !== 'm2m') {
    // The user factory lives outside the apps, so it is imported; app factories go by dotted path.
    if (target === userModel) view.factoryImport = userFactory;
    view.factory = `SubFactory(${target === userModel ? userFactory.name : py(`${related_factory.module}.${related_factory.name}`)})`;
    view.apiValue = `${related_factory.name}.create().pk`;
  } else {
    view.apiValue = `[${related_factory.name}.create().pk]`;
  }
  view.formValue = view.apiValue;
  return view;
}

/** `from module import A, B` lines for factory classes, one per module in first-seen order, names sorted. */
export function factoryImportLines(factories: readonly { module: string; name: string }[]): string[] {
  const byModule = new Map<string, Set<string>>();
  for (const { module, name } of factories) byModule.set(module, (byModule.get(module) ?? new Set<string>()).add(name));
  return [...byModule].map(([module, names]) => `from ${module} import ${[...names].sort().join(', ')}`);
}
