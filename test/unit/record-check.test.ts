/**
 * lib/record/record-check.ts: a hand-edited .yo-rc.json is refused by the rules the command line
 * obeys, naming the key; a field's settings must read back as the field in the field language.
 */
import { recordProblems, checkRecord } from '../../lib/record/record-check.js';
import { templatesDir } from '../../lib/template-set/paths.js';
import type { AppSpec, ModelField, ProjectState } from '../../lib/record/state.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';

const templates = loadTemplateSet(templatesDir());

function state(apps: unknown[], extra: Partial<ProjectState> = {}): ProjectState {
  return { version: '0.1.0', answers: {}, apps: apps as AppSpec[], plugins: [], ...extra };
}

/** One app `blog` with a `Post` model holding these fields (and a title). */
function withFields(...fields: Partial<ModelField>[] | unknown[]): ProjectState {
  return state([{ name: 'blog', models: [{ name: 'Post', fields: [{ name: 'title', type: 'str' }, ...fields] }] }]);
}

const problems = (s: ProjectState) => recordProblems(s, templates);

describe('the record check', () => {
  test('a record as the command line writes it has no problem', () => {
    const ok = withFields(
      { name: 'status', type: 'choice', choices: ['draft', 'published'], default: 'draft' },
      { name: 'author', type: 'fk', target: 'users.User', optional: true },
      { name: 'slug', type: 'slug', maxLength: 80, unique: true },
      { name: 'views', type: 'int', index: true, default: '0' },
    );
    expect(problems(ok)).toEqual([]);
    expect(() => checkRecord(ok, templates)).not.toThrow();
  });

  test('settings must read back as the field: choices on an fk, a choice holding a comma', () => {
    expect(problems(withFields({ name: 'author', type: 'fk', target: 'users.User', choices: ['a'] }))).toEqual([
      { key: 'apps[0].models[0].fields[1]', problem: 'its settings do not read back as the field "author:fk=users.User"' },
    ]);
    expect(problems(withFields({ name: 'status', type: 'choice', choices: ['a,b', 'c'] }))).toEqual([
      { key: 'apps[0].models[0].fields[1]', problem: 'its settings do not read back as the field "status:choice=a,b,c"' },
    ]);
    expect(problems(withFields({ name: 'status', type: 'choice', choices: ['a', 'b'], maxLength: 2 })).map((p) => p.problem)).toEqual([]);
    expect(problems(withFields({ name: 'title2', type: 'str', choices: ['a'] }))).toHaveLength(1);
    expect(problems(withFields({ name: 'count', type: 'int', optional: true }))).toEqual([]);
    expect(problems(withFields({ name: 'body', type: 'str', default: 'x:y' }))).toHaveLength(1);
  });

  test('settings the field language refuses are refused from the record, with its message', () => {
    expect(problems(withFields({ name: 'body', type: 'str', maxLength: 100_000 }))).toEqual([
      { key: 'apps[0].models[0].fields[1]', problem: 'field "body:str:100000" of Post: max length 100000 is not between 1 and 10000' },
    ]);
    expect(problems(withFields({ name: 'done', type: 'bool', default: 'maybe' }))[0]!.problem).toBe('field "done:bool:default=maybe" of Post: default "maybe" is not true or false');
    expect(problems(withFields({ name: 'author', type: 'fk', target: 'users.User', unique: true }))[0]!.problem).toMatch(/a unique foreign key is a one-to-one/);
  });

  test('each setting has its JSON type', () => {
    const at = 'apps[0].models[0].fields[1]';
    expect(problems(withFields({ name: 'body', type: 'str', maxLength: 1.5 }))).toEqual([{ key: `${at}.maxLength`, problem: 'must be a whole number' }]);
    expect(problems(withFields({ name: 'body', type: 'str', maxLength: '120' }))).toEqual([{ key: `${at}.maxLength`, problem: 'must be a whole number' }]);
    expect(problems(withFields({ name: 's', type: 'choice', choices: 'a,b' }))).toEqual([{ key: `${at}.choices`, problem: 'must be a list of texts' }]);
    expect(problems(withFields({ name: 's', type: 'choice', choices: ['a', 1] }))).toEqual([{ key: `${at}.choices`, problem: 'must be a list of texts' }]);
    expect(problems(withFields({ name: 'body', type: 'str', default: 5 }))).toEqual([{ key: `${at}.default`, problem: 'must be a text' }]);
    for (const key of ['optional', 'unique', 'index']) {
      expect(problems(withFields({ name: 'body', type: 'str', [key]: 'yes' }))).toEqual([{ key: `${at}.${key}`, problem: 'must be true, or left out' }]);
      expect(problems(withFields({ name: 'body', type: 'str', [key]: false }))).toEqual([{ key: `${at}.${key}`, problem: 'must be true, or left out' }]);
    }
  });

  test('unknown keys, shapes, names and types, each at its key', () => {
    expect(problems(withFields({ name: 'body', type: 'str', colour: 'red' }))).toEqual([
      { key: 'apps[0].models[0].fields[1].colour', problem: 'fields take no setting "colour" (they take name, type, target, choices, optional, unique, index, default, maxLength)' },
    ]);
    expect(problems(state([{ name: 'blog', models: [], extra: 1 }]))).toEqual([{ key: 'apps[0].extra', problem: 'apps take no setting "extra" (they take name, models, adopted)' }]);
    expect(problems(state([{ name: 'blog', models: [{ name: 'Post', fields: [], x: 1 }] }]))).toEqual([
      { key: 'apps[0].models[0].x', problem: 'models take no setting "x" (they take name, fields, pages)' },
    ]);
    expect(problems(state(['blog']))).toEqual([{ key: 'apps[0]', problem: 'must be an object with a name and models' }]);
    expect(problems(state([{ name: 3, models: [] }]))).toEqual([{ key: 'apps[0].name', problem: 'must be a text' }]);
    expect(problems(state([{ name: 'blog', models: [], adopted: false }]))).toEqual([{ key: 'apps[0].adopted', problem: 'must be true, or left out' }]);
    expect(problems(state([{ name: 'blog', models: [], adopted: true }]))).toEqual([]);
    const withShop = { ...templates, core: { ...templates.core, starterApps: [...templates.core.starterApps, { name: 'shop' }] } } as typeof templates;
    expect(recordProblems(state([{ name: 'shop', models: [] }]), withShop)).toEqual([{ key: 'apps[0].name', problem: 'app name "shop" is a starter app of every project' }]);
    expect(problems(state([{ name: 'shop', models: [] }]))).toEqual([]);
    expect(problems(state([{ name: 'Blog', models: [] }]))[0]!.key).toBe('apps[0].name');
    expect(problems(state([{ name: 'blog', models: {} }]))).toEqual([{ key: 'apps[0].models', problem: 'must be a list' }]);
    expect(problems(state([{ name: 'blog', models: [3] }]))).toEqual([{ key: 'apps[0].models[0]', problem: 'must be an object with a name and fields' }]);
    expect(problems(state([{ name: 'blog', models: [{ name: 4, fields: [] }] }]))).toEqual([{ key: 'apps[0].models[0].name', problem: 'must be a text' }]);
    expect(problems(state([{ name: 'blog', models: [{ name: 'post', fields: [] }] }]))[0]!.key).toBe('apps[0].models[0].name');
    expect(problems(state([{ name: 'blog', models: [{ name: 'Post', fields: 'x' }] }]))).toEqual([{ key: 'apps[0].models[0].fields', problem: 'must be a list' }]);
    expect(problems(state([{ name: 'blog', models: [{ name: 'Post', fields: [], pages: 'yes' }] }]))).toEqual([
      { key: 'apps[0].models[0].pages', problem: 'must be true, or left out for no pages' },
    ]);
    expect(problems(state([{ name: 'blog', models: [{ name: 'Post', fields: [], pages: true }] }]))).toEqual([]);
    expect(problems(withFields(7))).toEqual([{ key: 'apps[0].models[0].fields[1]', problem: 'must be an object with a name and a type' }]);
    expect(problems(withFields({ name: 9, type: 'str' }))).toEqual([{ key: 'apps[0].models[0].fields[1].name', problem: 'must be a text' }]);
    expect(problems(withFields({ name: 'class', type: 'str' }))).toEqual([{ key: 'apps[0].models[0].fields[1].name', problem: 'field name "class" is a python keyword' }]);
    expect(problems(withFields({ name: 'body', type: 'toString' }))[0]!.key).toBe('apps[0].models[0].fields[1].type');
    expect(problems(withFields({ name: 'body', type: 7 }))[0]!.problem).toMatch(/^unknown field type "7" \(types: str, text, /);
    expect(problems(withFields({ name: 'author', type: 'fk', target: 'User' }))).toEqual([{ key: 'apps[0].models[0].fields[1].target', problem: 'must be app.Model (e.g. users.User)' }]);
    expect(problems(withFields({ name: 'author', type: 'fk' }))[0]!.key).toBe('apps[0].models[0].fields[1].target');
    expect(problems(withFields({ name: 'author', type: 'fk', target: 'users.User.x' }))[0]!.key).toBe('apps[0].models[0].fields[1].target');
    expect(problems(withFields({ name: 'author', type: 'fk', target: 'x users.User' }))[0]!.key).toBe('apps[0].models[0].fields[1].target');
    expect(problems(withFields({ name: 'body', type: 'str', target: 'users.User' }))).toEqual([{ key: 'apps[0].models[0].fields[1].target', problem: 'type "str" takes no target' }]);
    expect(problems(withFields({ name: 'title', type: 'text' }))).toEqual([{ key: 'apps[0].models[0].fields', problem: 'field "title" is given twice' }]);
  });

  test('over the project: apps twice, models clashing, plugins, relation targets, answers', () => {
    expect(problems(state([{ name: 'blog', models: [] }, { name: 'blog', models: [] }]))).toEqual([{ key: 'apps', problem: 'app "blog" is recorded twice' }]);
    expect(problems(state([{ name: 'blog', models: [{ name: 'Post', fields: [] }, { name: 'PostFactory', fields: [] }] }]))).toEqual([
      { key: 'apps[0].models', problem: `model name "PostFactory" clashes with a class the app's generated code defines or imports` },
    ]);
    expect(problems(state([{ name: 'blog', models: [{ name: 'Post', fields: [] }, { name: 'POST', fields: [] }] }]))).toEqual([
      { key: 'apps[0].models', problem: 'model name "POST" is given twice (model names differ by more than letter case)' },
    ]);
    expect(problems(state([{ name: 'blog', models: [{ name: 'User', fields: [] }] }]))[0]!.problem).toMatch(/^model name "User": the project has its user model already/);
    expect(problems(state([], { plugins: ['nope', 3 as unknown as string] }))).toEqual([
      { key: 'plugins[0]', problem: '"nope" is not a plugin of this generator' },
      { key: 'plugins[1]', problem: 'it is not a plugin of this generator' },
    ]);
    expect(problems(withFields({ name: 'tag', type: 'fk', target: 'blog.Tag' }))).toEqual([
      { key: 'apps[0].models[0].fields[1].target', problem: 'blog.Tag is not a model of the project' },
    ]);
    expect(problems(withFields({ name: 'tag', type: 'fk', target: 'shop.Post' }))[0]!.problem).toBe('shop.Post is not a model of the project');
    expect(problems(withFields({ name: 'other', type: 'fk', target: 'blog.Post', optional: true }))).toEqual([]);
    expect(problems(state([], { answers: { nope: 'x' } }))).toEqual([{ key: 'answers.nope', problem: 'no question is named "nope"' }]);
    expect(problems(state([], { answers: { projectName: null } as never }))).toEqual([{ key: 'answers.projectName', problem: 'must be a text or true/false, not null' }]);
    expect(problems(state([], { answers: { projectName: [] } as never }))[0]!.problem).toBe('must be a text or true/false, not a list');
    expect(problems(state([], { answers: { projectName: 3 } as never }))[0]!.problem).toBe('must be a text or true/false, not number');
  });

  test('checkRecord names the file, the first key and how many more', () => {
    expect(() => checkRecord(state(['a', 'b']), templates)).toThrow(
      '.yo-rc.json: apps[0]: must be an object with a name and models (and 1 more); fix it or restore the file from git',
    );
    expect(() => checkRecord(state(['a']), templates)).toThrow('.yo-rc.json: apps[0]: must be an object with a name and models; fix it or restore the file from git');
  });
});

// Mutation testing (npm run mutate -- record-check) asks each rule to be pinned here.
describe('the record check, rule by rule', () => {
  const at = 'apps[0].models[0].fields[1]';

  test('answers: plugin questions are known, wizard settings never recorded, values coerced by their question', () => {
    expect(problems(state([], { answers: { stripeMode: 'live', celery: true, projectName: 'Acme' } as never }))).toEqual([]);
    expect(problems(state([], { answers: { stripeMode: 'maybe' } as never }))).toHaveLength(1);
    expect(problems(state([], { answers: { stripeMode: 'maybe' } as never }))[0]!.key).toBe('answers.stripeMode');
    expect(problems(state([], { answers: { stripeSecretKey: 'sk_test_x' } as never }))).toEqual([
      { key: 'answers.stripeSecretKey', problem: 'is a setting of an integration wizard: its value belongs in .env, never in the record' },
    ]);
    expect(problems(state([], { answers: { celery: 'maybe' } as never }))[0]!.key).toBe('answers.celery');
    expect(problems(state([], { answers: { projectName: { a: 1 } } as never }))[0]!.problem).toBe('must be a text or true/false, not object');
  });

  test('apps and models that are not objects: null and lists too', () => {
    expect(problems(state([null]))).toEqual([{ key: 'apps[0]', problem: 'must be an object with a name and models' }]);
    expect(problems(state([[]]))).toEqual([{ key: 'apps[0]', problem: 'must be an object with a name and models' }]);
    expect(problems(state([{ name: 'blog', models: [null, []] }]))).toEqual([
      { key: 'apps[0].models[0]', problem: 'must be an object with a name and fields' },
      { key: 'apps[0].models[1]', problem: 'must be an object with a name and fields' },
    ]);
    expect(problems(withFields(null, []))).toEqual([
      { key: `${at}`, problem: 'must be an object with a name and a type' },
      { key: 'apps[0].models[0].fields[2]', problem: 'must be an object with a name and a type' },
    ]);
  });

  test('every problem of every app, model and field is listed, in order', () => {
    const broken = state([
      { name: 'blog', models: [{ name: 'Post', fields: [{ name: 'a', type: 'nope' }, { name: 'b', type: 'str', target: 'x.Y' }] }, { name: 'Tag', fields: 'x' }] },
      { name: 'shop', models: [{ name: 'Item', fields: [], pages: 1 }] },
    ]);
    expect(problems(broken).map((p) => p.key)).toEqual([
      'apps[0].models[0].fields[0].type',
      'apps[0].models[0].fields[1].target',
      'apps[0].models[1].fields',
      'apps[1].models[0].pages',
    ]);
    // A model whose pages setting is wrong still has its fields checked.
    expect(problems(state([{ name: 'blog', models: [{ name: 'Post', fields: [{ name: 'id', type: 'str' }], pages: 1 }] }])).map((p) => p.key)).toEqual([
      'apps[0].models[0].pages',
      'apps[0].models[0].fields[0].name',
    ]);
  });

  test('app names: python names, not starter apps, each once', () => {
    expect(problems(state([{ name: 'import', models: [] }]))).toEqual([{ key: 'apps[0].name', problem: 'app name "import" is a python keyword' }]);
    expect(problems(state([{ name: 'blog', models: [] }, { name: 'shop', models: [] }, 'x', { name: 'shop', models: [] }]))).toEqual([
      { key: 'apps[2]', problem: 'must be an object with a name and models' },
      { key: 'apps', problem: 'app "shop" is recorded twice' },
    ]);
  });

  test("a recorded app may keep a name the distribution list gained since, never the stdlib's or Django's", () => {
    expect(problems(state([{ name: 'stripe', models: [] }]))).toEqual([]);
    expect(problems(state([{ name: 'json', models: [] }]))).toEqual([{ key: 'apps[0].name', problem: 'app name "json" would shadow the python module "json" (stdlib, Django or a distribution the project installs)' }]);
    expect(problems(state([{ name: 'django', models: [] }]))[0]!.key).toBe('apps[0].name');
  });

  test('field names twice, counted over objects only', () => {
    expect(problems(withFields(5, { name: 'body', type: 'text' }, 6))[0]!.key).toBe(at);
    expect(problems(withFields(5, { name: 'body', type: 'text' }, 6)).map((p) => p.key)).toEqual([at, 'apps[0].models[0].fields[3]']);
    expect(problems(withFields({ name: 'body', type: 'text' }, { name: 'body', type: 'str' }))).toEqual([
      { key: 'apps[0].models[0].fields', problem: 'field "body" is given twice' },
    ]);
  });

  test('types and targets', () => {
    expect(problems(withFields({ name: 'body', type: 'constructor' }))[0]!.key).toBe(`${at}.type`);
    expect(problems(withFields({ name: 'body', type: ['str'] }))).toEqual([{ key: `${at}.type`, problem: expect.stringMatching(/^unknown field type "str" \(types: /) }]);
    expect(problems(withFields({ name: 'author', type: 'fk', target: ['users.User'] }))).toEqual([{ key: `${at}.target`, problem: 'must be app.Model (e.g. users.User)' }]);
    expect(problems(withFields({ name: 'body', type: 'nope' }))).toEqual([
      { key: `${at}.type`, problem: expect.stringMatching(/^unknown field type "nope" \(types: str, text, int, float, .*\)$/) },
    ]);
    expect(problems(withFields({ name: 'body', type: 'str', target: null }))).toEqual([{ key: `${at}.target`, problem: 'type "str" takes no target' }]);
    expect(problems(withFields({ name: 'tags', type: 'm2m', target: 'users.User' }))).toEqual([]);
    expect(problems(withFields({ name: 'owner', type: 'o2o', target: 'users.User', optional: true }))).toEqual([]);
    for (const target of ['users.user', 'Users.User', 'users.User ', 'users.', '.User', 'users.User.', 'u-s.User', '1users.User', 7]) {
      expect(problems(withFields({ name: 'author', type: 'fk', target }))).toEqual([{ key: `${at}.target`, problem: 'must be app.Model (e.g. users.User)' }]);
    }
    expect(problems(withFields({ name: 'author', type: 'fk', target: '_u2.U2' }))).toEqual([
      { key: `${at}.target`, problem: '_u2.U2 is not a model of the project' },
    ]);
    expect(problems(withFields({ name: 'author', type: 'fk', target: 'users.Nope' }))).toEqual([
      { key: `${at}.target`, problem: 'users.Nope is not a model of the project' },
    ]);
  });

  test('settings: each JSON type, then the read-back of the field', () => {
    expect(problems(withFields({ name: 'status', type: 'choice', choices: [] }))).toHaveLength(1);
    expect(problems(withFields({ name: 'status', type: 'choice', choices: ['a'], optional: true, index: true, maxLength: 9 }))).toEqual([]);
    expect(problems(withFields({ name: 'code', type: 'str', optional: true, unique: true, index: true, maxLength: 9, default: undefined }))).toEqual([]);
    expect(problems(withFields({ name: 'n', type: 'int', default: '5', index: true }))).toEqual([]);
    expect(problems(withFields({ name: 'n', type: 'int', default: '' }))).toEqual([
      { key: at, problem: 'field "n:int:default=" of Post: default "" is not a number (int)' },
    ]);
    expect(problems(withFields({ name: 'n', type: 'int', maxLength: 5 }))).toEqual([{ key: at, problem: 'field "n:int:5" of Post: int takes no max length' }]);
    expect(problems(withFields({ name: 'n', type: 'int', maxLength: null }))).toEqual([{ key: `${at}.maxLength`, problem: 'must be a whole number' }]);
    expect(problems(withFields({ name: 'n', type: 'int', optional: null }))).toEqual([{ key: `${at}.optional`, problem: 'must be true, or left out' }]);
    expect(problems(withFields({ name: 'n', type: 'int', default: null }))).toEqual([{ key: `${at}.default`, problem: 'must be a text' }]);
    expect(problems(withFields({ name: 'status', type: 'choice', choices: null }))).toEqual([{ key: `${at}.choices`, problem: 'must be a list of texts' }]);
    expect(problems(withFields({ name: 'status', type: 'choice' }))).toEqual([
      { key: at, problem: 'field "status:choice" of Post: choices are letters, digits, "_" and "-": status:choice=draft,published' },
    ]);
    expect(problems(withFields({ name: 'author', type: 'fk', target: 'users.User', index: true }))).toEqual([]);
    expect(problems(withFields({ name: 'author', type: 'fk', target: 'users.User', optional: true, index: true }))).toEqual([]);
    expect(problems(withFields({ name: 'tags', type: 'm2m', target: 'users.User', optional: true }))).toEqual([
      { key: at, problem: 'field "tags:m2m=users.User?" of Post: m2m fields are optional already; drop the "?"' },
    ]);
  });

  test('the first problem stops the relation checks; checkRecord counts the rest', () => {
    expect(problems(state([{ name: 'blog', models: [{ name: 'Post', fields: [{ name: 'x', type: 'fk', target: 'blog.Nope' }] }] }], { plugins: ['nope'] }))).toEqual([
      { key: 'plugins[0]', problem: '"nope" is not a plugin of this generator' },
    ]);
    expect(problems(state([], { plugins: ['celery', 'stripe'] }))).toEqual([]);
    expect(() => checkRecord(state(['a', 'b', 'c']), templates)).toThrow(/ \(and 2 more\); fix it/);
  });
});
