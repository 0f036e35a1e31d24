/**
 * What the templates of templates/app/ see besides the project context (as `scaffold`): the
 * recorded models turned into Python snippets, so the templates only place them.
 */
import { pythonKeywords } from '../data/python-names.js';
import { UserError } from '../errors.js';
import type { ModelField, ModelSpec } from '../state.js';
import type { AppInfo } from './context.js';
import { defaultStrSample, fieldTypes } from './field-types.js';

/** The project's user model: relations to it go through settings.AUTH_USER_MODEL. */
export const userModel = 'users.User';
/** The factory every app's factories.py defines for the project's user model. */
export const userFactory = 'UserFactory';

export interface FieldView {
  name: string;
  type: string;
  /** `models.CharField(_("title"), max_length=255)` */
  declaration: string;
  /** factory-boy declaration, absent when the field's default will do. */
  factory?: string;
  /** A valid value in an API create request (Python expression), absent to leave it out. */
  apiValue?: string;
  /** Factory class the api value needs, with the module it comes from. */
  apiFactory?: { module: string; name: string };
  isRelation: boolean;
}

export interface ModelView {
  name: string;
  /** `blog_post`: the snake case of the class name. */
  snake: string;
  /** A local variable for one instance in tests and templates: `blog_post`. */
  varName: string;
  /** `blogpost`: Django's model_name (admin URL names, permissions). */
  modelName: string;
  verboseName: string;
  verboseNamePlural: string;
  fields: FieldView[];
  /** The field `__str__` returns, when there is a readable one. */
  strField?: string;
  /** A value given to `strField` in tests (Python literal). */
  strSample?: string;
  factoryName: string;
  serializerName: string;
  viewSetName: string;
  adminName: string;
  /** Router prefix: `blog-posts`. */
  routePrefix: string;
  /** Router basename (the app namespace keeps it unique): `blog-post`. */
  routeName: string;
  admin: {
    listDisplay: string[];
    listFilter: string[];
    searchFields: string[];
    rawIdFields: string[];
    listSelectRelated: string[];
    dateHierarchy?: string;
  };
  selectRelated: string[];
  prefetchRelated: string[];
  /**
   * The owner: the first foreign key to the user model (`author`). The API shows a user
   * only their own rows and sets this field from the request; absent: rows are shared.
   */
  owner?: string;
}

export interface AppTemplateData {
  configClass: string;
  models: ModelView[];
  /** `from x.factories import A, B` lines the API tests need. */
  apiTestImports: string[];
  /** The model the app's index view lists; absent when the app has no models. */
  listed?: ModelView;
  needsSettings: boolean;
  /** Names factories.py imports from `factory`. */
  factoryImports: string[];
  needsDecimal: boolean;
  needsDate: boolean;
  needsTimezone: boolean;
}

const capWords = (snake: string) =>
  snake
    .split('_')
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

/** The AppConfig class of an app's apps.py: `order_items` → `OrderItemsConfig`. */
export const appConfigClass = (appName: string) => `${capWords(appName)}Config`;

/** `BlogPost` → `blog_post`. */
export const snakeCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();

/** English plural of the last word, good enough for names (`category` → `categories`). */
export function plural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

/** Names the generated tests use next to an instance variable; a model's snake name may not be one. */
const takenVariables = new Set([
  ...pythonKeywords, 'add', 'admin', 'body', 'change', 'changelist', 'name', 'payload', 'response', 'reverse', 'self', 'str', 'url',
]);

const py = (text: string) => JSON.stringify(text);
const words = (snake: string) => snake.replace(/_/g, ' ');

/** Names tried, in order, for `__str__` before the first readable field. */
const preferredStrFields = ['name', 'title', 'label', 'slug', 'username', 'email'];

function strFieldOf(model: ModelSpec): ModelField | undefined {
  const readable = model.fields.filter((f) => fieldTypes[f.type]?.text);
  return preferredStrFields.map((n) => readable.find((f) => f.name === n)).find(Boolean) ?? readable[0];
}

function strSample(field: ModelField): string {
  return fieldTypes[field.type]?.strSample ?? defaultStrSample;
}

function factoryOf(target: string, appName: string): { module: string; name: string } {
  if (target === userModel) return { module: `${appName}.factories`, name: userFactory };
  const [app, model] = target.split('.');
  return { module: `${app}.factories`, name: `${model}Factory` };
}

function fieldView(field: ModelField, model: ModelSpec, appName: string): FieldView {
  const type = fieldTypes[field.type];
  const verbose = `_(${py(words(field.name))})`;
  const selfTarget = field.target === `${appName}.${model.name}`;
  const view: FieldView = { name: field.name, type: field.type, declaration: '', isRelation: Boolean(type.relation) };
  if (!type.relation) {
    view.declaration = `models.${type.djangoClass}(${[verbose, ...type.options].join(', ')})`;
    // The table's samples name the field and the model through `$words` and `$model`.
    const fill = (sample?: string) =>
      sample?.replaceAll('$words', words(field.name)).replaceAll('$model', snakeCase(model.name).replace(/_/g, '-'));
    [view.factory, view.apiValue] = [fill(type.factory), fill(type.apiValue)];
    return view;
  }

  const target = field.target!;
  const reference = target === userModel ? 'settings.AUTH_USER_MODEL' : py(target);
  const options = [reference, `verbose_name=${verbose}`];
  if (type.relation === 'fk') options.push('on_delete=models.CASCADE');
  // A reverse name unique in the whole project: the app and model name it, and the field
  // too when the model has several relations to the same target.
  const siblings = model.fields.filter((f) => f.target === target).length;
  const related = `${appName}_${plural(snakeCase(model.name))}${siblings > 1 ? `_${field.name}` : ''}`;
  // A symmetrical self m2m has no reverse accessor to name.
  if (!(selfTarget && type.relation === 'm2m')) options.push(`related_name=${py(related)}`);
  // A required relation to its own model could never be created: self references are optional.
  if (selfTarget && type.relation === 'fk') options.push('null=True');
  options.push(...type.options);
  if (selfTarget && type.relation === 'fk') options.push('blank=True');
  view.declaration = `models.${type.djangoClass}(${options.join(', ')})`;
  if (selfTarget) return view;
  const related_factory = factoryOf(target, appName);
  view.apiFactory = related_factory;
  if (type.relation === 'fk') {
    view.factory = `SubFactory(${target === userModel ? userFactory : py(`${related_factory.module}.${related_factory.name}`)})`;
    view.apiValue = `${related_factory.name}.create().pk`;
  } else {
    view.apiValue = `[${related_factory.name}.create().pk]`;
  }
  return view;
}

function modelView(model: ModelSpec, appName: string): ModelView {
  const snake = snakeCase(model.name);
  const fields = model.fields.map((f) => fieldView(f, model, appName));
  const str = strFieldOf(model);
  const of = (predicate: (f: ModelField) => boolean) => model.fields.filter(predicate).map((f) => f.name);
  const fks = of((f) => f.type === 'fk');
  const listed = of((f) => Boolean(fieldTypes[f.type].listed) && f.name !== str?.name);
  const lastWords = snake.split('_');
  const pluralSnake = [...lastWords.slice(0, -1), plural(lastWords.at(-1)!)].join('_');
  return {
    name: model.name,
    snake,
    varName: takenVariables.has(snake) ? `${snake}_obj` : snake,
    modelName: model.name.toLowerCase(),
    verboseName: words(snake),
    verboseNamePlural: words(pluralSnake),
    fields,
    strField: str?.name,
    strSample: str ? strSample(str) : undefined,
    factoryName: `${model.name}Factory`,
    serializerName: `${model.name}Serializer`,
    viewSetName: `${model.name}ViewSet`,
    adminName: `${model.name}Admin`,
    routePrefix: pluralSnake.replace(/_/g, '-'),
    routeName: snake.replace(/_/g, '-'),
    admin: {
      listDisplay: [str?.name ?? 'id', ...listed].slice(0, 5),
      listFilter: of((f) => Boolean(fieldTypes[f.type].filter)),
      searchFields: of((f) => Boolean(fieldTypes[f.type].text)),
      rawIdFields: of((f) => Boolean(fieldTypes[f.type].relation)),
      listSelectRelated: fks.filter((name) => [str?.name ?? 'id', ...listed].slice(0, 5).includes(name)),
      dateHierarchy: of((f) => f.type === 'datetime' || f.type === 'date')[0],
    },
    selectRelated: fks,
    prefetchRelated: of((f) => f.type === 'm2m'),
    owner: model.fields.find((f) => f.type === 'fk' && f.target === userModel)?.name,
  };
}

export function appTemplateData(app: AppInfo): AppTemplateData {
  for (const model of app.spec?.models ?? []) {
    const unknown = model.fields.find((f) => !fieldTypes[f.type] || (fieldTypes[f.type].relation && !f.target));
    if (unknown) {
      throw new UserError(`.yo-rc.json: field "${unknown.name}" of ${app.name}.${model.name} has no valid type ("${unknown.type}"); fix the record`);
    }
  }
  const models = (app.spec?.models ?? []).map((m) => modelView(m, app.name));
  const allFields = app.spec?.models.flatMap((m) => m.fields) ?? [];
  // The API tests create each model and whatever its relations point to.
  const factories = new Map<string, Set<string>>([[`${app.name}.factories`, new Set([userFactory, ...models.map((m) => m.factoryName)])]]);
  for (const field of models.flatMap((m) => m.fields)) {
    if (!field.apiFactory || !field.apiValue) continue;
    const names = factories.get(field.apiFactory.module) ?? new Set<string>();
    names.add(field.apiFactory.name);
    factories.set(field.apiFactory.module, names);
  }
  return {
    configClass: appConfigClass(app.name),
    models,
    apiTestImports: [...factories].map(([module, names]) => `from ${module} import ${[...names].sort().join(', ')}`),
    listed: models[0],
    factoryImports: ['LazyFunction', 'Sequence', 'SubFactory'].filter(
      (name) => name === 'Sequence' || models.some((m) => m.fields.some((f) => f.factory?.startsWith(`${name}(`))),
    ),
    needsSettings: allFields.some((f) => f.target === userModel),
    needsDecimal: allFields.some((f) => f.type === 'decimal'),
    needsDate: allFields.some((f) => f.type === 'date'),
    needsTimezone: allFields.some((f) => f.type === 'datetime'),
  };
}
