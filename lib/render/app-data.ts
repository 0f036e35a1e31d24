/**
 * What the templates of templates/app/ see besides the project context (as `scaffold`): the
 * recorded models turned into Python snippets, so the templates only place them.
 */
import { pythonKeywords } from '../data/python-names.js';
import { UserError } from '../input/errors.js';
import type { ModelField, ModelSpec } from '../record/state.js';
import type { AppInfo } from './context.js';
import { defaultStrSample, fieldTypes } from './field-types.js';
import { type FieldView, factoryImportLines, fieldView, pluralSnake, snakeCase, userFactory, userModel, words } from './field-view.js';
import { type PageView, pageView } from './page-view.js';

export { type FieldView, plural, snakeCase, userFactory, userModel } from './field-view.js';

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
  /** The plural as a Python name, `blog_posts`: the API's list operations and GraphQL's list field. */
  pluralSnake: string;
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
  /** Its HTML pages, when the record asks for them (`--pages`). */
  pages?: PageView;
  /** The fields an API client sets as JSON (no files, nothing generated, not the owner): Ninja's and GraphQL's inputs. */
  inputFields: string[];
  /** The many-to-many ones among them: optional in Ninja's input (it requires every relation it is not told is optional). */
  inputManyToMany: string[];
  /** The fields Ninja's and GraphQL's outputs show (files aside): `id` first. */
  outputFields: string[];
  /** A text field the update tests change, with a value (Python literal) the factory does not give. */
  updateField?: { name: string; value: string };
  /** What the GraphQL type and its inputs declare (strawberry-graphql-django). */
  graphql: GraphqlView;
}

/** A model's GraphQL fields: scalars by `auto`, relations as IDs (a row never shows another user's row through one). */
export interface GraphqlView {
  scalars: string[];
  inputScalars: string[];
  /** Foreign keys and one-to-ones: `author` is shown as `authorId`. */
  foreignKeys: { name: string; optional: boolean }[];
  inputForeignKeys: { name: string; optional: boolean }[];
  manyToMany: string[];
  /** Duration fields: declared with config/api/graphql_tools.py's Duration scalar, not `auto`. */
  durations: { name: string; optional: boolean }[];
}

export interface AppTemplateData {
  configClass: string;
  models: ModelView[];
  /** `from x.factories import A, B` lines the API tests need. */
  apiTestImports: string[];
  /** `from users.tests.factories import UserFactory`: the tests sign in with the project's one user factory. */
  userFactoryImport: string;
  /** Absolute `from ... import` lines factories.py needs for its SubFactory declarations. */
  factoryModuleImports: string[];
  /** The model the app's index view lists; absent when the app has no models. */
  listed?: ModelView;
  /** The models with HTML pages, in the record's order. */
  paged: ModelView[];
  needsSettings: boolean;
  /** Names factories.py imports from `factory`. */
  factoryImports: string[];
  needsDecimal: boolean;
  /** `from datetime import ...` names factories.py needs. */
  datetimeImports: string[];
  needsTimezone: boolean;
  /** `import x` lines models.py needs besides Django's. */
  modelImports: string[];
}

const capWords = (snake: string) =>
  snake
    .split('_')
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

/** The AppConfig class of an app's apps.py: `order_items` → `OrderItemsConfig`. */
export const appConfigClass = (appName: string) => `${capWords(appName)}Config`;

/** Names the generated tests use next to an instance variable; a model's snake name may not be one. */
const takenVariables = new Set([
  ...pythonKeywords, 'add', 'admin', 'body', 'change', 'changelist', 'created', 'listed', 'name', 'payload', 'response', 'reverse', 'self', 'str',
  'theirs', 'url', 'urls',
]);

/** Names tried, in order, for `__str__` before the first readable field. */
const preferredStrFields = ['name', 'title', 'label', 'slug', 'username', 'email'];

function strFieldOf(model: ModelSpec): ModelField | undefined {
  // An optional field may be empty (or NULL): `__str__` must always return text.
  const readable = model.fields.filter((f) => fieldTypes[f.type]?.text && !f.optional);
  return preferredStrFields.map((n) => readable.find((f) => f.name === n)).find(Boolean) ?? readable[0];
}

function strSample(field: ModelField): string {
  return fieldTypes[field.type]?.strSample ?? defaultStrSample;
}

/** Types JSON cannot carry (uploads) and the text types an update test can change. */
const fileTypes = new Set(['file', 'image']);
const updatable = new Set(['str', 'text', 'slug']);

/** The fields an API shows (files aside) and those among them a client sets (nothing generated, not the owner). */
function apiShape(model: ModelSpec, owner: string | undefined): { shown: ModelField[]; input: ModelField[] } {
  const shown = model.fields.filter((f) => !fileTypes.has(f.type));
  return { shown, input: shown.filter((f) => !fieldTypes[f.type]!.generated && f.name !== owner) };
}

function apiFields(model: ModelSpec, owner: string | undefined): Pick<ModelView, 'inputFields' | 'inputManyToMany' | 'outputFields' | 'updateField'> {
  const { shown, input } = apiShape(model, owner);
  const update = input.find((f) => updatable.has(f.type) && !f.choices && !f.unique && (f.maxLength ?? 255) >= 7);
  return {
    inputFields: input.map((f) => f.name),
    inputManyToMany: input.filter((f) => fieldTypes[f.type]!.relation === 'm2m').map((f) => f.name),
    outputFields: ['id', ...shown.map((f) => f.name)],
    updateField: update && { name: update.name, value: '"changed"' },
  };
}

/** Files stay out of the schema (JSON cannot carry uploads); durations use the project's Duration scalar. */
function graphqlView(model: ModelSpec, owner: string | undefined, appName: string): GraphqlView {
  const { shown, input } = apiShape(model, owner);
  const relation = (f: ModelField) => fieldTypes[f.type]!.relation;
  const isKey = (f: ModelField) => relation(f) && relation(f) !== 'm2m';
  const key = (f: ModelField) => ({ name: f.name, optional: Boolean(f.optional) || f.target === `${appName}.${model.name}` });
  return {
    scalars: ['id', ...shown.filter((f) => !relation(f)).map((f) => f.name)],
    inputScalars: input.filter((f) => !relation(f)).map((f) => f.name),
    foreignKeys: shown.filter(isKey).map(key),
    inputForeignKeys: input.filter(isKey).map(key),
    manyToMany: shown.filter((f) => relation(f) === 'm2m').map((f) => f.name),
    durations: shown.filter((f) => f.type === 'duration').map((f) => ({ name: f.name, optional: Boolean(f.optional) })),
  };
}

function modelView(model: ModelSpec, appName: string): ModelView {
  const snake = snakeCase(model.name);
  const fields = model.fields.map((f) => fieldView(f, model, appName));
  const str = strFieldOf(model);
  const of = (predicate: (f: ModelField) => boolean) => model.fields.filter(predicate).map((f) => f.name);
  const fks = of((f) => f.type === 'fk' || f.type === 'o2o');
  const listed = of((f) => Boolean(fieldTypes[f.type].listed) && f.name !== str?.name);
  const plurals = pluralSnake(snake);
  const owner = model.fields.find((f) => f.type === 'fk' && f.target === userModel)?.name;
  return {
    name: model.name,
    snake,
    varName: takenVariables.has(snake) ? `${snake}_obj` : snake,
    modelName: model.name.toLowerCase(),
    verboseName: words(snake),
    verboseNamePlural: words(plurals),
    fields,
    strField: str?.name,
    strSample: str ? strSample(str) : undefined,
    factoryName: `${model.name}Factory`,
    serializerName: `${model.name}Serializer`,
    viewSetName: `${model.name}ViewSet`,
    adminName: `${model.name}Admin`,
    routePrefix: plurals.replace(/_/g, '-'),
    pluralSnake: plurals,
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
    owner,
    pages: model.pages ? pageView(model, fields, owner, appName) : undefined,
    ...apiFields(model, owner),
    graphql: graphqlView(model, owner, appName),
  };
}

export function appTemplateData(app: AppInfo): AppTemplateData {
  for (const model of app.spec?.models ?? []) {
    const unknown = model.fields.find((f) => !fieldTypes[f.type] || (fieldTypes[f.type].relation && !f.target) || (fieldTypes[f.type].choices && !f.choices?.length));
    if (unknown) {
      throw new UserError(`.yo-rc.json: field "${unknown.name}" of ${app.name}.${model.name} has no valid type ("${unknown.type}"); fix the record`);
    }
  }
  const models = (app.spec?.models ?? []).map((m) => modelView(m, app.name));
  const allFields = app.spec?.models.flatMap((m) => m.fields) ?? [];
  // The API tests create each model and whatever its relations point to.
  const fieldViews = models.flatMap((m) => m.fields);
  const apiFactories = fieldViews.flatMap((f) => (f.apiFactory && f.apiValue ? [f.apiFactory] : []));
  const modelFactories = models.map((m) => ({ module: `${app.name}.factories`, name: m.factoryName }));
  return {
    configClass: appConfigClass(app.name),
    models,
    apiTestImports: factoryImportLines([userFactory, ...modelFactories, ...apiFactories]),
    userFactoryImport: factoryImportLines([userFactory])[0]!,
    factoryModuleImports: factoryImportLines(fieldViews.flatMap((f) => (f.factoryImport ? [f.factoryImport] : []))),
    listed: models[0],
    paged: models.filter((m) => m.pages),
    factoryImports: ['LazyFunction', 'Sequence', 'SubFactory'].filter((name) => fieldViews.some((f) => f.factory?.startsWith(`${name}(`))),
    needsSettings: allFields.some((f) => f.target === userModel),
    needsDecimal: allFields.some((f) => f.type === 'decimal'),
    datetimeImports: [...new Set(allFields.flatMap((f) => fieldTypes[f.type]!.datetimeImports ?? []))].sort(),
    needsTimezone: allFields.some((f) => f.type === 'datetime'),
    modelImports: [...new Set(allFields.flatMap((f) => fieldTypes[f.type]!.modelImports ?? []))].sort(),
  };
}
