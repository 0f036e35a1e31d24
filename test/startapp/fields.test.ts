/**
 * The model DSL against what it feeds, without a project: the README's type table, the
 * rendered app's class names, template data; and the name rules of new apps. The language on
 * its own is test/unit/field-language.test.ts.
 */
import { templatesDir } from '../../lib/template-set/paths.js';
import { resolveAnswers } from '../../lib/questions/answers.js';
import { appTemplateData, plural, snakeCase } from '../../lib/render/app-data.js';
import { renderTemplates } from '../../lib/render/index.js';
import { fieldTypes } from '../../lib/render/field-types.js';
import type { ProjectState } from '../../lib/record/state.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import { generatedClassNames, perModelSuffixes, parseModels } from '../../lib/model/fields.js';
import { appNameProblem } from '../../lib/model/app-names.js';
import { repoRoot } from '../support/paths.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
    ['users', /^the project already has an app "users"$/],
    ['core', /^the project already has an app "core"$/],
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
