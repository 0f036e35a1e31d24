/**
 * The rules for the names of a project's models and fields: what startapp's `--model` takes
 * and what a recorded app in .yo-rc.json may hold, one set of rules for both.
 */
import { pythonKeywords } from '../data/python-names.js';
import { appConfigClass } from '../render/app-data.js';
import { quoted } from '../input/text.js';

/**
 * Attributes every Django model has (3.2 through 6.0): a field with one of these names
 * would replace a method or manager, or Django refuses it (`id`, `pk`).
 */
export const modelAttributes: readonly string[] = [
  'id', 'pk', 'objects', 'check', 'clean', 'clean_fields', 'date_error_message', 'delete', 'from_db',
  'full_clean', 'get_constraints', 'get_deferred_fields', 'prepare_database_save', 'refresh_from_db',
  'save', 'save_base', 'serializable_value', 'unique_error_message', 'validate_constraints',
  'validate_unique', 'adelete', 'arefresh_from_db', 'asave',
];

/** The methods a generated model defines itself: a field of the same name would be replaced by the method. */
export const generatedMethods: readonly string[] = ['get_absolute_url'];

/** Module names the generated models.py uses inside class bodies: a field must not hide them. */
export const generatedModuleNames: readonly string[] = ['models', 'settings'];

const fieldNamePattern = /^[a-z][a-z0-9_]*$/;
const modelNamePattern = /^[A-Z][A-Za-z0-9]*$/;
const keywords = new Set(pythonKeywords);
const reservedFields = new Set(modelAttributes);

/**
 * Django names permissions `change_<model name, lowercase>` in a 100-character codename
 * column: a longer model name fails at migrate.
 */
export const maxModelNameLength = 100 - 'change_'.length;
/** PostgreSQL keeps 63 bytes of a column name, and a foreign key's column is `<name>_id`. */
export const maxFieldNameLength = 63 - '_id'.length;

export function fieldNameProblem(name: string): string | null {
  if (name.length > maxFieldNameLength) {
    return `field name ${quoted(name.slice(0, 20))}... is ${name.length} characters; at most ${maxFieldNameLength} (PostgreSQL column names, with _id for a foreign key)`;
  }
  if (!fieldNamePattern.test(name)) return `field name ${quoted(name)} must be a lowercase python identifier (a-z, 0-9, _; starting with a letter)`;
  if (keywords.has(name)) return `field name ${quoted(name)} is a python keyword`;
  // The generated factories and schemas assign it; ruff (E741) refuses the name, as easy to misread as 1.
  if (name === 'l') return 'field name "l" is ambiguous (ruff E741: it reads as 1); choose a word';
  if (name.endsWith('_') || name.includes('__')) return `field name ${quoted(name)} must not end with "_" or contain "__" (Django refuses it)`;
  if (reservedFields.has(name)) return `field name ${quoted(name)} clashes with the Django model attribute ${quoted(name)}`;
  if (generatedMethods.includes(name)) return `field name ${quoted(name)} clashes with the method ${quoted(name)} the generated model defines`;
  if (generatedModuleNames.includes(name)) return `field name ${quoted(name)} would hide the ${quoted(name)} import of models.py`;
  if (name.startsWith('get_next_by_') || name.startsWith('get_previous_by_') || /^get_.+_display$/.test(name)) {
    return `field name ${quoted(name)} clashes with a method Django adds to models`;
  }
  return null;
}

export function modelNameProblem(name: string): string | null {
  if (name.length > maxModelNameLength) {
    return `model name ${quoted(name.slice(0, 20))}... is ${name.length} characters; at most ${maxModelNameLength} (Django's permission codenames, change_<model>, hold 100)`;
  }
  if (!modelNamePattern.test(name)) return `model name ${quoted(name)} must be a CapWords python identifier (e.g. BlogPost)`;
  if (keywords.has(name)) return `model name ${quoted(name)} is a python keyword`;
  return null;
}


/**
 * Class names the generated modules import or define besides the models' own and the app's
 * config class; test/startapp/fields.test.ts reads a rendered app for any name missing here.
 */
export const generatedClassNames: readonly string[] = [
  'AppConfig', 'APIClient', 'APITestCase', 'AdminTests', 'Decimal', 'DjangoModelFactory', 'IndexView', 'IndexViewTests',
  'LazyFunction', 'ListView', 'LoginRequiredMixin', 'Sequence', 'SimpleRouter', 'SubFactory', 'TemplateView',
  'TestCase', 'TimeStampedModel', 'UserFactory',
  // the views of models with pages (--pages)
  'CreateView', 'DeleteView', 'DetailView', 'UpdateView',
  // imported only with a plugin on (reversion's admin)
  'VersionAdmin',
];

/** The classes generated for each model: Post → PostFactory, PostSerializer … */
export const perModelSuffixes: readonly string[] = [
  'Factory', 'Serializer', 'ViewSet', 'Admin', 'Tests', 'ApiTests',
  // a model with pages; refused for every model, so --pages can be given later
  'Form', 'ListView', 'DetailView', 'CreateView', 'UpdateView', 'DeleteView', 'PagesTests',
];

/** Why the models of an app cannot be generated side by side with its code, or null. */
export function modelClashProblem(models: readonly { name: string }[], appName: string): string | null {
  const generated = new Set([
    ...generatedClassNames,
    appConfigClass(appName),
    ...models.flatMap((m) => perModelSuffixes.map((s) => m.name + s)),
  ]);
  // Django's table and permission names are the lowercased model name: Post and POST would share them.
  const lowered = models.map((m) => m.name.toLowerCase());
  const twice = models.find((m, i) => lowered.indexOf(m.name.toLowerCase()) !== i);
  if (twice) return `model name ${quoted(twice.name)} is given twice (model names differ by more than letter case)`;
  for (const model of models) {
    if (model.name === 'User') {
      return 'model name "User": the project has its user model already (users.User); relate to it with fk=users.User';
    }
    if (generated.has(model.name)) return `model name ${quoted(model.name)} clashes with a class the app's generated code defines or imports`;
  }
  return null;
}
