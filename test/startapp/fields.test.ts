/** The model DSL of `startapp --model` and the name rules of new apps, without a project. */
import { templatesDir } from '../../lib/paths.js';
import { resolveAnswers } from '../../lib/answers.js';
import { appTemplateData, plural, snakeCase } from '../../lib/render/app-data.js';
import { renderTemplates } from '../../lib/render/index.js';
import { fieldTypes } from '../../lib/render/field-types.js';
import type { ProjectState } from '../../lib/state.js';
import { loadTemplateSet } from '../../lib/template-set.js';
import {
  checkForeignKeyCycles,
  checkModelNames,
  checkTargets,
  generatedClassNames,
  perModelSuffixes,
  fieldNameProblem,
  parseField,
  parseModels,
} from '../../lib/model-fields.js';
import { appNameProblem } from '../../lib/app-names.js';
import { repoRoot } from '../support/paths.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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

describe('the field type table', () => {
  // The README's table of field specs is written for readers; the table in
  // lib/render/field-types.ts is the one the code reads. They must say the same.
  const rows = readFileSync(join(repoRoot, 'README.md'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| `name:'));

  test.each(Object.entries(fieldTypes))('the README documents %s as its Django declaration', (type, info) => {
    const spec = info.relation ? `\`name:${type}=app.Model\`` : info.choices ? `\`name:${type}=draft,published\`` : `\`name:${type}\``;
    expect(rows.filter((row) => row.includes(spec) && row.includes(`\`${info.description}\``))).toHaveLength(1);
  });

  test('the README lists no type the table lacks', () => {
    const documented = rows.flatMap((row) => [...row.matchAll(/`name:([a-z0-9]+)/g)].map((m) => m[1]!));
    expect(documented.filter((type) => !fieldTypes[type])).toEqual([]);
  });
});

describe('generated class names', () => {
  // checkModelNames refuses a model named like a class the app's modules define or import;
  // the list is written by hand, so this reads the rendered app for any name it misses.
  test('cover every class the app templates define or import', async () => {
    const templates = loadTemplateSet(templatesDir());
    const fields = Object.entries(fieldTypes).map(([type, info]) => ({
      name: `f_${type}`,
      type,
      ...(info.relation ? { target: 'users.User' } : {}),
      ...(info.choices ? { choices: ['a', 'b'] } : {}),
    }));
    const answers = await resolveAnswers({ given: { projectName: 'Acme' }, useDefaults: true });
    // With pages: their forms, views and tests are generated code too.
    const app = { name: 'probe', models: [{ name: 'Probe', fields, pages: true as const }] };
    const { tree } = renderTemplates({ version: '0.1.0', answers, apps: [app], plugins: [] }, templates);
    const names = new Set<string>();
    for (const [path, content] of tree) {
      if (!path.startsWith('src/apps/probe/') || !path.endsWith('.py') || typeof content !== 'string') continue;
      for (const m of content.matchAll(/^\s*class (\w+)/gm)) names.add(m[1]!);
      for (const m of content.matchAll(/^from \S+ import \(?([^)]*?)\)?$/gms)) {
        for (const name of m[1]!.split(/[\s,]+/)) if (/^[A-Z]/.test(name)) names.add(name);
      }
    }
    const known = new Set(['Probe', 'ProbeConfig', 'Meta', 'DFMeta', ...generatedClassNames, ...perModelSuffixes.map((suffix) => `Probe${suffix}`)]);
    expect([...names].filter((name) => !known.has(name)).sort()).toEqual([]);
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

describe('template data', () => {
  test('names', () => {
    expect(snakeCase('BlogPost')).toBe('blog_post');
    expect(snakeCase('HTTPLog')).toBe('http_log');
    expect(['post', 'category', 'day', 'box', 'match'].map(plural)).toEqual(['posts', 'categories', 'days', 'boxes', 'matches']);
  });

  test('fields become Django declarations; users.User is the settings user model', () => {
    const models = parseModels(
      ['BlogPost title:str author:fk=users.User editor:fk=users.User parent:fk=BlogPost tags:m2m=Tag price:decimal', 'Tag'],
      'blog',
    );
    const data = appTemplateData({ name: 'blog', label: 'blog', verboseName: 'Blog', hasUrls: true, hasApi: true, spec: { name: 'blog', models } });
    const post = data.models[0];
    const declarations = Object.fromEntries(post.fields.map((f) => [f.name, f.declaration]));
    expect(declarations).toEqual({
      title: 'models.CharField(_("title"), max_length=255)',
      author: 'models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="blog_blog_posts_author")',
      editor: 'models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("editor"), on_delete=models.CASCADE, related_name="blog_blog_posts_editor")',
      parent: 'models.ForeignKey("blog.BlogPost", verbose_name=_("parent"), on_delete=models.CASCADE, related_name="blog_blog_posts", null=True, blank=True)',
      tags: 'models.ManyToManyField("blog.Tag", verbose_name=_("tags"), related_name="blog_blog_posts", blank=True)',
      price: 'models.DecimalField(_("price"), max_digits=12, decimal_places=2)',
    });
    expect(post).toMatchObject({ strField: 'title', routePrefix: 'blog-posts', routeName: 'blog-post', modelName: 'blogpost', verboseNamePlural: 'blog posts' });
    expect(post.fields.find((f) => f.name === 'parent')!.factory).toBeUndefined();
    expect(data.models[1]).toMatchObject({ strField: undefined, admin: { listDisplay: ['id'] } });
    expect(data).toMatchObject({ configClass: 'BlogConfig', needsSettings: true, needsDecimal: true, factoryImports: ['Sequence', 'SubFactory'] });
    expect(data.apiTestImports).toEqual(['from users.tests.factories import UserFactory', 'from blog.factories import BlogPostFactory, TagFactory']);
    // factories.py imports the project's one user factory for its SubFactory, and nothing else from outside.
    expect(data.factoryModuleImports).toEqual(['from users.tests.factories import UserFactory']);
    expect(post.fields.find((f) => f.name === 'author')!.factory).toBe('SubFactory(UserFactory)');
  });
});

test('a hand-broken record is refused with a clear message, not a crash', () => {
  const spec = { name: 'blog', models: [{ name: 'Post', fields: [{ name: 'x', type: 'strr' }] }] };
  expect(() => appTemplateData({ name: 'blog', label: 'blog', verboseName: 'Blog', hasUrls: true, hasApi: false, spec })).toThrow(
    /\.yo-rc\.json: field "x" of blog\.Post has no valid type \("strr"\)/,
  );
});

describe('app names', () => {
  const state: ProjectState = {
    version: '0.1.0',
    answers: { projectName: 'Acme', projectSlug: 'acme', api: 'drf', celery: true, pythonVersion: '3.13' } as never,
    apps: [{ name: 'blog', models: [] }],
    plugins: [],
  };
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('startapp-names');
    mkdirSync(join(dir, 'src/apps/shop'), { recursive: true });
  });
  afterAll(() => removeTempDir(dir));

  const problem = (name: string) => {
    return appNameProblem(name, dir, state, loadTemplateSet(templatesDir()));
  };

  test.each([
    ['orders', null],
    ['order_items', null],
    ['Blog', /lowercase python identifier/],
    ['2blog', /lowercase python identifier/],
    ['blog-posts', /lowercase python identifier/],
    ['import', /python keyword/],
    ['json', /shadow the python module "json"/],
    ['django', /shadow/],
    ['users', /shadow|already has an app/],
    ['blog', /already has an app "blog"/],
    ['shop', /src\/apps\/shop already exists/],
    ['rest_framework', /shadow|installed app/],
    ['sessions', /shadow|installed app/],
    ['df_chat', /DF module packages/],
  ])('%s', (name, expected) => {
    const found = problem(name);
    if (expected === null) expect(found).toBeNull();
    else expect(found).toMatch(expected);
  });

  test('labels of installed apps are taken even when the name is not reserved', () => {
    // runserver_nostatic is the label of whitenoise.runserver_nostatic (always installed).
    expect(problem('runserver_nostatic')).toMatch(/clashes with an installed app/);
  });
});
