/**
 * The field language (lib/model/fields.ts, field-modifiers.ts, names.ts) on its own:
 * field specs, --model values, relation targets and the name rules, with no template or
 * project loaded. The fast first net of its mutation group (scripts/mutation-scope.mjs);
 * test/startapp/fields.test.ts checks the rendered app and the README against it.
 */
import { fieldTypes } from '../../lib/render/field-types.js';
import {
  checkForeignKeyCycles,
  checkModelNames,
  checkTargets,
  fieldNameProblem,
  parseField,
  parseModels,
} from '../../lib/model/fields.js';

describe('field specs', () => {
  test.each([
    ['title:str', { name: 'title', type: 'str' }],
    ['body:text', { name: 'body', type: 'text' }],
    ['author:fk=users.User', { name: 'author', type: 'fk', target: 'users.User' }],
    ['tags:m2m=Tag', { name: 'tags', type: 'm2m', target: 'blog.Tag' }],
    ['price_2:decimal', { name: 'price_2', type: 'decimal' }],
    ['subtitle:str?', { name: 'subtitle', type: 'str', optional: true }],
    ['title:str:120', { name: 'title', type: 'str', maxLength: 120 }],
    ['code:str?:40:unique:index', { name: 'code', type: 'str', optional: true, maxLength: 40, unique: true, index: true }],
    ['status:choice=draft,published:default=draft', { name: 'status', type: 'choice', choices: ['draft', 'published'], default: 'draft' }],
    ['count:int:default=-3', { name: 'count', type: 'int', default: '-3' }],
    ['ok:bool:default=true', { name: 'ok', type: 'bool', default: 'true' }],
    ['owner:o2o=users.User?', { name: 'owner', type: 'o2o', target: 'users.User', optional: true }],
    ['author:fk=users.User?', { name: 'author', type: 'fk', target: 'users.User', optional: true }],
  ])('%s', (spec, expected) => {
    expect(parseField(spec, 'Post', 'blog')).toEqual(expected);
  });

  test.each([
    ['title', /expected name:type/],
    ['title:str:abc', /unknown modifier "abc"/],
    ['body:text:120', /text takes no max length/],
    ['tags:m2m=Tag?', /m2m fields are optional already/],
    ['tags:m2m=Tag:unique', /m2m fields take no "unique"/],
    ['day:date:unique', /date fields cannot be unique here/],
    ['author:fk=users.User:unique', /a unique foreign key is a one-to-one: author:o2o=users.User/],
    ['count:int:default=many', /default "many" is not a number \(int\)/],
    ['ok:bool:default=yes', /default "yes" is not true or false/],
    ['status:choice=draft,published:default=gone', /default "gone" is not one of draft, published/],
    ['status:choice=draft,draft', /a choice is given twice/],
    ['status:choice=a b', /choices are letters/],
    ['status:choice', /choices are letters/],
    ['day:date:default=today', /date fields take no default=/],
    ['slug:str:unique:default=x', /a unique field takes no default/],
    ['title:string', /unknown type "string" \(did you mean "str"\?\) \(types: str, text, int/],
    ['author:fk', /fk needs a target model: author:fk=app.Model/],
    ['tags:m2m=', /m2m needs a target model/],
    ['title:str=x', /type "str" takes no "=target"/],
    ['author:fk=users.user', /target "users.user" must be app.Model/],
    ['author:fk=a.b.C', /must be app.Model/],
    ['Title:str', /lowercase python identifier/],
    ['2nd:int', /lowercase python identifier/],
    ['class:str', /python keyword/],
    ['id:int', /Django model attribute "id"/],
    ['pk:int', /Django model attribute "pk"/],
    ['objects:str', /Django model attribute "objects"/],
    ['save:bool', /Django model attribute "save"/],
    ['name_:str', /must not end with "_" or contain "__"/],
    ['a__b:str', /must not end with "_" or contain "__"/],
    ['get_title_display:str', /method Django adds/],
    ['models:str', /hide the "models" import/],
  ])('%s is refused', (spec, message) => {
    expect(() => parseField(spec, 'Post', 'blog')).toThrow(message);
  });

  test('a max length is between 1 and 10000', () => {
    expect(parseField('title:str:1', 'Post', 'blog').maxLength).toBe(1);
    expect(parseField('title:str:10000', 'Post', 'blog').maxLength).toBe(10_000);
    expect(parseField('status:choice=a,b:30', 'Post', 'blog').maxLength).toBe(30);
    for (const length of ['0', '10001', '100000']) {
      expect(() => parseField(`title:str:${length}`, 'Post', 'blog')).toThrow(`field "title:str:${length}" of Post: max length ${length} is not between 1 and 10000`);
    }
  });

  test('a model name is one Django can store: not twice in any letter case, at most 93 characters', () => {
    expect(() => checkModelNames([{ name: 'Post', fields: [] }, { name: 'POST', fields: [] }], 'blog')).toThrow(
      'model name "POST" is given twice (model names differ by more than letter case)',
    );
    expect(() => parseModels([`A${'b'.repeat(92)}`], 'blog')).not.toThrow();
    expect(() => parseModels([`A${'b'.repeat(93)}`], 'blog')).toThrow(/is 94 characters; at most 93/);
    expect(fieldNameProblem('a'.repeat(60))).toBeNull();
    expect(fieldNameProblem('a'.repeat(61))).toMatch(/is 61 characters; at most 60/);
  });

  test('every type of the table parses, and only fk/m2m take a target', () => {
    for (const [type, info] of Object.entries(fieldTypes)) {
      const spec = info.relation ? `f:${type}=users.User` : info.choices ? `f:${type}=a,b` : `f:${type}`;
      expect(parseField(spec, 'Post', 'blog').type).toBe(type);
    }
  });

  test('field names are checked on their own too', () => {
    expect(fieldNameProblem('title')).toBeNull();
    expect(fieldNameProblem('full_clean')).toMatch(/Django model attribute/);
  });
});

describe('--model values', () => {
  test('one model per value, or several in one value, read the same', () => {
    const separate = parseModels(['Post title:str body:text', 'Tag name:slug'], 'blog');
    const together = parseModels(['Post title:str body:text Tag name:slug'], 'blog');
    const words = parseModels(['Post', 'title:str', 'body:text', 'Tag', 'name:slug'], 'blog');
    expect(separate).toEqual([
      { name: 'Post', fields: [{ name: 'title', type: 'str' }, { name: 'body', type: 'text' }] },
      { name: 'Tag', fields: [{ name: 'name', type: 'slug' }] },
    ]);
    expect(together).toEqual(separate);
    expect(words).toEqual(separate);
  });

  test('commas separate words too, except inside a choice list', () => {
    expect(parseModels(['Post title:str,status:choice=draft,published body:text'], 'blog')).toEqual([
      {
        name: 'Post',
        fields: [
          { name: 'title', type: 'str' },
          { name: 'status', type: 'choice', choices: ['draft', 'published'] },
          { name: 'body', type: 'text' },
        ],
      },
    ]);
    expect(parseModels(['Post status:choice=a,b:default=b,n:int'], 'blog')[0]!.fields).toEqual([
      { name: 'status', type: 'choice', choices: ['a', 'b'], default: 'b' },
      { name: 'n', type: 'int' },
    ]);
  });

  test.each([
    [['title:str'], /comes before any model name/],
    [['post title:str'], /model name "post" must be a CapWords/],
    [['Post title:str title:text'], /field "title" is given twice/],
    [['Post title:str', 'Post body:text'], /model "Post" is given twice/],
    [['Post', 'post'], /^model name "post" must be a CapWords python identifier/],
    [['Post', 'POST'], /^model "POST" is given twice$/],
    [['Post title:str', 'PoSt'], /^model "PoSt" is given twice$/],
    [['None'], /python keyword/],
    [['Post fk=users.User'], /is not name:type/],
  ])('%j is refused', (values, message) => {
    expect(() => parseModels(values, 'blog')).toThrow(message);
  });

  test('model names that clash with generated or imported classes are refused', () => {
    expect(() => checkModelNames(parseModels(['User name:str'], 'blog'), 'blog')).toThrow(/users\.User/);
    expect(() => checkModelNames(parseModels(['TestCase'], 'blog'), 'blog')).toThrow(/clashes with a class/);
    expect(() => checkModelNames(parseModels(['Post', 'PostFactory'], 'blog'), 'blog')).toThrow(/PostFactory/);
    expect(() => checkModelNames(parseModels(['BlogConfig'], 'blog'), 'blog')).toThrow(/BlogConfig/);
    expect(() => checkModelNames(parseModels(['Post', 'Tag'], 'blog'), 'blog')).not.toThrow();
  });
});

describe('relation targets', () => {
  const known = new Map([
    ['users', new Set(['User'])],
    ['core', new Set<string>()],
    ['shop', new Set(['Product'])],
  ]);

  test('the project user, recorded apps and the new app itself are known', () => {
    const models = parseModels(['Post author:fk=users.User product:fk=shop.Product tags:m2m=Tag', 'Tag'], 'blog');
    expect(() => checkTargets(models, 'blog', known)).not.toThrow();
  });

  test.each([
    ['Post owner:fk=accounts.User', /the project has no app "accounts" \(apps: users, core, shop, blog\)/],
    ['Post item:fk=shop.Item', /app "shop" has no model "Item" .*\(models: Product\)/],
    ['Post tags:m2m=Tag', /app "blog" has no model "Tag"/],
    ['Post x:fk=core.Thing', /app "core" has no model "Thing" .*\(models: none\)/],
  ])('%s is refused', (spec, message) => {
    expect(() => checkTargets(parseModels([spec], 'blog'), 'blog', known)).toThrow(message);
  });

  test('a loop of foreign keys is refused; a self reference is not', () => {
    expect(() => checkForeignKeyCycles(parseModels(['A b:fk=B', 'B a:fk=A'], 'x'), 'x')).toThrow(/loop \(A → B → A\)/);
    expect(() => checkForeignKeyCycles(parseModels(['A b:fk=B', 'B c:fk=C', 'C a:fk=A'], 'x'), 'x')).toThrow(/A → B → C → A/);
    expect(() => checkForeignKeyCycles(parseModels(['Node parent:fk=Node', 'Leaf node:fk=Node'], 'x'), 'x')).not.toThrow();
  });
});


// Mutation testing (npm run mutate -- field-language) asks each rule to be pinned here.
describe('the name rules, name by name', () => {
  test('every Django model attribute and generated import is refused as a field name', () => {
    const attributes = [
      'id', 'pk', 'objects', 'check', 'clean', 'clean_fields', 'date_error_message', 'delete', 'from_db',
      'full_clean', 'get_constraints', 'get_deferred_fields', 'prepare_database_save', 'refresh_from_db',
      'save', 'save_base', 'serializable_value', 'unique_error_message', 'validate_constraints',
      'validate_unique', 'adelete', 'arefresh_from_db', 'asave',
    ];
    for (const name of attributes) expect(fieldNameProblem(name)).toBe(`field name "${name}" clashes with the Django model attribute "${name}"`);
    for (const name of ['models', 'settings']) expect(fieldNameProblem(name)).toBe(`field name "${name}" would hide the "${name}" import of models.py`);
    expect(fieldNameProblem('model')).toBeNull();
  });

  test('a method the generated model defines is refused; the fields TimeStampedModel gives may be overridden, as Django allows', () => {
    expect(fieldNameProblem('get_absolute_url')).toBe('field name "get_absolute_url" clashes with the method "get_absolute_url" the generated model defines');
    for (const name of ['created', 'modified', 'absolute_url', 'get_url']) expect(fieldNameProblem(name)).toBeNull();
  });

  test('field names: the exact messages and the edges of each pattern', () => {
    expect(fieldNameProblem('a'.repeat(61))).toBe(`field name "${'a'.repeat(20)}"... is 61 characters; at most 60 (PostgreSQL column names, with _id for a foreign key)`);
    expect(fieldNameProblem('a-b')).toBe('field name "a-b" must be a lowercase python identifier (a-z, 0-9, _; starting with a letter)');
    expect(fieldNameProblem('_a')).toMatch(/lowercase python identifier/);
    expect(fieldNameProblem('a1_b2')).toBeNull();
    expect(fieldNameProblem('lambda')).toBe('field name "lambda" is a python keyword');
    expect(fieldNameProblem('l')).toBe('field name "l" is ambiguous (ruff E741: it reads as 1); choose a word');
    for (const name of ['i', 'o', 'll', 'la']) expect(fieldNameProblem(name)).toBeNull();
    expect(fieldNameProblem('a_')).toBe('field name "a_" must not end with "_" or contain "__" (Django refuses it)');
    expect(fieldNameProblem('a__b')).toMatch(/contain "__"/);
    expect(fieldNameProblem('a_b')).toBeNull();
    for (const name of ['get_next_by_created', 'get_previous_by_created', 'get_status_display']) {
      expect(fieldNameProblem(name)).toBe(`field name "${name}" clashes with a method Django adds to models`);
    }
    for (const name of ['get_next', 'get_previous', 'get_display', 'my_get_status_display', 'get_status_display_x', 'get_status']) expect(fieldNameProblem(name)).toBeNull();
  });

  test('model names: the exact messages and the edges of the pattern', () => {
    expect(() => parseModels([`A${'b'.repeat(93)}`], 'blog')).toThrow(`model name "A${'b'.repeat(19)}"... is 94 characters; at most 93 (Django's permission codenames, change_<model>, hold 100)`);
    for (const name of ['Blog_Post', 'Post-x', 'Po.st', 'xPost']) {
      expect(() => parseModels([name], 'blog')).toThrow(`model name "${name}" must be a CapWords python identifier (e.g. BlogPost)`);
    }
    expect(() => parseModels(['True'], 'blog')).toThrow('model name "True" is a python keyword');
    expect(parseModels(['P2p'], 'blog')).toEqual([{ name: 'P2p', fields: [] }]);
  });

  test('every class the generated app imports or defines is refused as a model name, and each per-model class', () => {
    const imported = [
      'AppConfig', 'APIClient', 'APITestCase', 'AdminTests', 'Decimal', 'DjangoModelFactory', 'IndexView', 'IndexViewTests',
      'LazyFunction', 'ListView', 'LoginRequiredMixin', 'Sequence', 'SimpleRouter', 'SubFactory', 'TemplateView',
      'TestCase', 'TimeStampedModel', 'UserFactory', 'CreateView', 'DeleteView', 'DetailView', 'UpdateView', 'VersionAdmin',
    ];
    for (const name of imported) {
      expect(() => checkModelNames([{ name, fields: [] }], 'blog')).toThrow(`model name "${name}" clashes with a class the app's generated code defines or imports`);
    }
    const suffixes = ['Factory', 'Serializer', 'ViewSet', 'Admin', 'Tests', 'ApiTests', 'Form', 'ListView', 'DetailView', 'CreateView', 'UpdateView', 'DeleteView', 'PagesTests'];
    for (const suffix of suffixes) {
      expect(() => checkModelNames([{ name: 'Tag', fields: [] }, { name: `Tag${suffix}`, fields: [] }], 'blog')).toThrow(`model name "Tag${suffix}" clashes`);
    }
    expect(() => checkModelNames([{ name: 'BlogConfig', fields: [] }], 'shop')).not.toThrow();
    expect(() => checkModelNames([{ name: 'ShopConfig', fields: [] }], 'shop')).toThrow(/"ShopConfig" clashes/);
    expect(() => checkModelNames([{ name: 'User', fields: [] }], 'blog')).toThrow(
      'model name "User": the project has its user model already (users.User); relate to it with fk=users.User',
    );
    expect(() => checkModelNames([{ name: 'Users', fields: [] }, { name: 'Tag', fields: [] }, { name: 'TAG', fields: [] }], 'blog')).toThrow(
      'model name "TAG" is given twice (model names differ by more than letter case)',
    );
  });
});

describe('the field language, edge by edge', () => {
  test.each([
    ['author:fk=Users.User', 'target "Users.User" must be app.Model (e.g. users.User) or a Model of this app'],
    ['author:fk=.User', 'target ".User" must be app.Model'],
    ['author:fk=users.', 'target "users." must be app.Model'],
    ['author:fk=users-x.User', 'target "users-x.User" must be app.Model'],
    ['author:fk=users.User.Extra', 'target "users.User.Extra" must be app.Model'],
    ['status:choice=a,,b', 'choices are letters, digits, "_" and "-": status:choice=draft,published'],
    ['status:choice=-a,b', 'choices are letters, digits, "_" and "-"'],
    ['title:str:12a', 'unknown modifier "12a" (a max length like 120, unique, index, default=VALUE)'],
    ['title:str:-5', 'unknown modifier "-5"'],
    ['id_code:uuid:index', 'uuid fields take no "index"'],
    ['data:json:unique', 'json fields cannot be unique here (their sample rows would repeat); add unique=True by hand'],
    ['ok:bool:unique', 'bool fields cannot be unique here'],
    ['n:int:default=3.5', 'default "3.5" is not a number (int)'],
    ['n:int:default=', 'default "" is not a number (int)'],
    ['x:float:default=1.', 'default "1." is not a number (float)'],
    ['x:float:default=.5', 'default ".5" is not a number (float)'],
    ['x:float:default=a1.5', 'default "a1.5" is not a number (float)'],
    ['n:int:default=1a', 'default "1a" is not a number (int)'],
    ['ok:bool:default=truex', 'default "truex" is not true or false'],
    ['n:int:unique:default=1', 'a unique field takes no default (every row would share it)'],
    ['n:int:default=2147483648', 'default 2147483648 is outside what int fields hold (-2147483648 to 2147483647)'],
    ['n:int:default=-2147483649', 'default -2147483649 is outside what int fields hold (-2147483648 to 2147483647)'],
    ['n:int:default=99999999999999999999', 'default 99999999999999999999 is outside what int fields hold'],
    ['code:str:5:default=sixsix', 'default "sixsix" is longer than the field\'s max length (5)'],
    [`note:str:default=${'x'.repeat(256)}`, 'is longer than the field\'s max length (255)'],
    ['tags:m2m=Tag:index', 'm2m fields take no "index"'],
    ['Title', 'expected name:type, name:type? or name:fk=app.Model'],
    ['title:Str', 'expected name:type'],
    ['title:str?x', 'expected name:type'],
    ['title:str??', 'expected name:type'],
  ])('%s is refused: %s', (spec, message) => {
    expect(() => parseField(spec, 'Post', 'blog')).toThrow(message);
  });

  test.each([
    ['status:choice=A1,b_c-d', { name: 'status', type: 'choice', choices: ['A1', 'b_c-d'] }],
    ['status:choice=a,b:30:index', { name: 'status', type: 'choice', choices: ['a', 'b'], maxLength: 30, index: true }],
    ['x:float:default=-1.25', { name: 'x', type: 'float', default: '-1.25' }],
    ['x:float:default=2', { name: 'x', type: 'float', default: '2' }],
    ['x:float:default=12.5', { name: 'x', type: 'float', default: '12.5' }],
    ['n:int:default=42', { name: 'n', type: 'int', default: '42' }],
    ['n:int:default=2147483647', { name: 'n', type: 'int', default: '2147483647' }],
    ['n:int:default=-2147483648', { name: 'n', type: 'int', default: '-2147483648' }],
    ['code:str:5:default=fivé5', { name: 'code', type: 'str', maxLength: 5, default: 'fivé5' }],
    [`note:str:default=${'x'.repeat(255)}`, { name: 'note', type: 'str', default: 'x'.repeat(255) }],
    ['body:text:default=' + 'y'.repeat(300), { name: 'body', type: 'text', default: 'y'.repeat(300) }],
    ['ok:bool:default=false', { name: 'ok', type: 'bool', default: 'false' }],
    ['note:str:default=', { name: 'note', type: 'str', default: '' }],
    ['note:str:default=a=b', { name: 'note', type: 'str', default: 'a=b' }],
    ['n:int:index:unique', { name: 'n', type: 'int', index: true, unique: true }],
    ['author:fk=users.User:index', { name: 'author', type: 'fk', target: 'users.User', index: true }],
    ['owner:o2o=Post', { name: 'owner', type: 'o2o', target: 'blog.Post' }],
    ['when:date?', { name: 'when', type: 'date', optional: true }],
  ])('%s', (spec, expected) => {
    expect(parseField(spec, 'Post', 'blog')).toEqual(expected);
  });

  test('--model words: empty pieces dropped, a choice list ends at a modifier or at the next field', () => {
    expect(parseModels(['Post title:str,', ' Tag  name:slug '], 'blog')).toEqual([
      { name: 'Post', fields: [{ name: 'title', type: 'str' }] },
      { name: 'Tag', fields: [{ name: 'name', type: 'slug' }] },
    ]);
    expect(parseModels(['Post\tstatus:choice=a,b:30,c:int'], 'blog')[0]!.fields).toEqual([
      { name: 'status', type: 'choice', choices: ['a', 'b'], maxLength: 30 },
      { name: 'c', type: 'int' },
    ]);
    expect(parseModels(['Post status:choice=a,b:index,n:int,m:int'], 'blog')[0]!.fields).toEqual([
      { name: 'status', type: 'choice', choices: ['a', 'b'], index: true },
      { name: 'n', type: 'int' },
      { name: 'm', type: 'int' },
    ]);
    expect(parseModels(['Post kind:choice=a,b title:str,c:int'], 'blog')[0]!.fields.map((f) => f.name)).toEqual(['kind', 'title', 'c']);
    expect(parseModels(['Post x:str:default=a,b:int'], 'blog')[0]!.fields).toEqual([{ name: 'x', type: 'str', default: 'a' }, { name: 'b', type: 'int' }]);
    expect(parseModels(['Post status:choice=a,b,c,n:int:index'], 'blog')[0]!.fields).toEqual([
      { name: 'status', type: 'choice', choices: ['a', 'b', 'c'] },
      { name: 'n', type: 'int', index: true },
    ]);
    expect(parseModels(['Post status:choice=a,b:30,Tag'], 'blog')).toEqual([
      { name: 'Post', fields: [{ name: 'status', type: 'choice', choices: ['a', 'b'], maxLength: 30 }] },
      { name: 'Tag', fields: [] },
    ]);
    expect(parseModels(['Post status:choice=a:default=a,Tag'], 'blog')).toEqual([
      { name: 'Post', fields: [{ name: 'status', type: 'choice', choices: ['a'], default: 'a' }] },
      { name: 'Tag', fields: [] },
    ]);
    // Only a word whose type is choice= starts a list: n:int:choice=a is one word, b the next.
    expect(() => parseModels(['Post n:int:choice=a,b'], 'blog')).toThrow('field "n:int:choice=a" of Post: unknown modifier "choice=a" (a max length');
    expect(() => parseModels(['Post title:str', 'x:int'], 'blog')).not.toThrow();
    expect(() => parseModels(['x:int Post'], 'blog')).toThrow('field "x:int" comes before any model name: --model Post x:int');
    expect(() => parseModels(['Post a:int a:str'], 'blog')).toThrow('model Post: field "a" is given twice');
    expect(() => parseModels(['Post', 'Tag', 'tag'], 'blog')).toThrow(/^model name "tag" must be a CapWords/);
    expect(() => parseModels(['Post', 'Post'], 'blog')).toThrow('model "Post" is given twice');
    expect(() => parseModels(['a=b'], 'blog')).toThrow('"a=b" is not name:type (e.g. title:str)');
  });

  test('relation targets: the hints name the likely model', () => {
    const known = new Map([
      ['users', new Set(['User'])],
      ['shop', new Set(['Product'])],
    ]);
    expect(() => checkTargets(parseModels(['Post owner:fk=User'], 'blog'), 'blog', known)).toThrow(
      'field "owner:fk=blog.User" of Post: app "blog" has no model "User" that djangoflow knows of (did you mean "users.User"?) (models: Post)',
    );
    expect(() => checkTargets(parseModels(['Post item:fk=shop.Produc'], 'blog'), 'blog', known)).toThrow(/app "shop" has no model "Produc" that djangoflow knows of \(did you mean "shop.Product"\?\) \(models: Product\)$/);
    expect(() => checkTargets(parseModels(['Post owner:fk=user.User'], 'blog'), 'blog', known)).toThrow(
      'field "owner:fk=user.User" of Post: the project has no app "user" (did you mean "users.User"?) (apps: users, shop, blog)',
    );
    expect(() => checkTargets(parseModels(['Post x:fk=Nope', 'Tag'], 'blog'), 'blog', known)).toThrow(/ \(models: Post, Tag\)$/);
    expect(() => checkTargets(parseModels(['Post title:str', 'Tag post:fk=Post'], 'blog'), 'blog', known)).not.toThrow();
    expect(known.has('blog')).toBe(false);
  });

  test('foreign-key loops: only required fks inside the app, the loop named from where it closes', () => {
    expect(() => checkForeignKeyCycles(parseModels(['A b:fk=B', 'B c:fk=C', 'C b:fk=B'], 'x'), 'x')).toThrow(
      'foreign keys form a loop (B → C → B); make one of them an m2m, or add it by hand later',
    );
    expect(() => checkForeignKeyCycles(parseModels(['A b:m2m=B', 'B a:m2m=A'], 'x'), 'x')).not.toThrow();
    expect(() => checkForeignKeyCycles(parseModels(['A b:o2o=B', 'B a:fk=A'], 'x'), 'x')).not.toThrow();
    expect(() => checkForeignKeyCycles(parseModels(['A b:fk=y.B', 'B a:fk=x.A'], 'x'), 'x')).not.toThrow();
    expect(() => checkForeignKeyCycles(parseModels(['A b:fk=xy.B', 'B a:fk=x.A'], 'x'), 'x')).not.toThrow();
    // A target that is none of the new models (checkTargets judges it) leads nowhere.
    expect(() => checkForeignKeyCycles(parseModels(['A b:fk=Z'], 'x'), 'x')).not.toThrow();
  });
});
