import { graphqlName, kebab, kebabCase, maxSlugLength, projectSlugProblem, pythonNameProblem, reservedModules, slugify, titleCase } from '../../lib/input/naming.js';
import { templatesDir } from '../../lib/template-set/paths.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';

describe('pythonNameProblem', () => {
  it.each(['acme_shop', 'shop2', '_private', 'blog'])('accepts %s', (name) => {
    expect(pythonNameProblem(name, 'project slug')).toBeNull();
  });

  it.each([
    ['', /must not be empty/],
    ['1acme', /lowercase python identifier/],
    ['Acme-Shop', /lowercase python identifier/],
    ['acme-shop', /lowercase python identifier/],
    ['../evil', /lowercase python identifier/],
    ['Acme', /lowercase python identifier/],
    ['class', /python keyword/],
    ['match', /python keyword/],
    ['django', /would shadow the python module "django"/],
    ['email', /would shadow the python module "email"/],
    ['json', /would shadow/],
    ['celery', /would shadow/],
    ['rest_framework', /would shadow/],
    ['config', /would shadow/],
    ['stripe', /would shadow the python module "stripe"/],
    ['graphql', /would shadow/],
    ['df_auth', /DF module/],
  ])('refuses %j', (name, message) => {
    expect(pythonNameProblem(name, 'project slug')).toMatch(message);
  });
});

describe('slugify', () => {
  it.each([
    ['Acme Shop', 'acme_shop'],
    ['  Café Crème! ', 'cafe_creme'],
    ['ACME--Shop 2', 'acme_shop_2'],
    ['42 Things', 'project_42_things'],
    // Letters Unicode does not decompose into a base letter and a mark.
    ['Łódź Øresund Straße', 'lodz_oresund_strasse'],
    ['Ærø Œuvre ÐÞ Ħal Kırk Đak', 'aero_oeuvre_dth_hal_kirk_dak'],
  ])('%j -> %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('derives names used elsewhere', () => {
    expect(kebab('acme_shop')).toBe('acme-shop');
    expect(titleCase('blog_posts')).toBe('Blog Posts');
  });
});

test('the starter apps of the template set are reserved names', () => {
  // core.yaml lists the starter apps; a project slug or new app named like one would shadow it.
  const starterApps = loadTemplateSet(templatesDir()).core.starterApps.map((app) => app.name);
  expect(starterApps.filter((name) => !reservedModules.includes(name))).toEqual([]);
});

describe('projectSlugProblem: a python name that also names Kubernetes objects, images and the database', () => {
  it.each(['acme', 'acme_shop', 'a2', 'a'.repeat(maxSlugLength)])('accepts %s', (slug) => {
    expect(projectSlugProblem(slug)).toBeNull();
  });

  it.each([
    ['acme__shop', 'project slug "acme__shop" must not contain "__" (its kebab form names Kubernetes objects)'],
    ['acme_', 'project slug "acme_" must end with a letter or digit (it names Kubernetes objects and images)'],
    ['_acme', 'project slug "_acme" must start with a letter (it names Kubernetes objects and images)'],
    ['a'.repeat(maxSlugLength + 1), `project slug "${'a'.repeat(41)}" is 41 characters; at most 40 (it names Kubernetes namespaces and the database)`],
    ['django', 'project slug "django" would shadow the python module "django" (stdlib, Django or a distribution the project installs)'],
    ['', 'project slug must not be empty'],
    ['df_x', 'project slug "df_x" would clash with DF module packages (df_*)'],
    ['class', 'project slug "class" is a python keyword'],
    ['Acme', 'project slug "Acme" must be a lowercase python identifier (a-z, 0-9, _; not starting with a digit)'],
  ])('refuses %j, naming the rule', (slug, message) => {
    expect(projectSlugProblem(slug)).toBe(message);
  });
});

describe('slugify always yields a valid slug', () => {
  it.each([
    ['Acme  __ Shop', 'acme_shop'],
    ['', 'project'],
    ['🙂', 'project'],
    ['Django', 'django_project'],
    [`${'word '.repeat(12)}`, 'word_word_word_word_word_word_word_word'],
    ['a'.repeat(50), 'a'.repeat(40)],
    [`1${'x'.repeat(45)}`, `project_1${'x'.repeat(31)}`],
    ['Email', 'email_project'],
    ['DF Tools', 'project_df_tools'],
    [`DF ${'x'.repeat(37)}`, `project_df_${'x'.repeat(29)}`],
    [`${'a'.repeat(35)} bbbb`, `${'a'.repeat(35)}_bbbb`],
    [`${'a'.repeat(35)} bbbbb`, 'a'.repeat(35)],
    [`1 ${'x'.repeat(29)} yy`, `project_1_${'x'.repeat(29)}`],
    ['Class', 'class_project'],
  ])('%j -> %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
    expect(projectSlugProblem(slugify(name))).toBeNull();
  });

  it("graphqlName: strawberry's camelCase of a field name", () => {
    expect(['first_name', 'a_1', 'x_2y', 'title', 'a_b_c', 'a__b'].map(graphqlName)).toEqual(['firstName', 'a1', 'x2y', 'title', 'aBC', 'a_B']);
  });

  it('kebabCase and titleCase', () => {
    expect(kebabCase('projectName')).toBe('project-name');
    expect(kebabCase('useSentryDsn')).toBe('use-sentry-dsn');
    expect(titleCase('_blog__posts_')).toBe('Blog Posts');
    expect(kebab('a_b_c')).toBe('a-b-c');
  });
});

test('a recorded name may shadow a distribution, not the stdlib, Django or the layout', () => {
  expect(pythonNameProblem('stripe', 'app name', { recorded: true })).toBeNull();
  expect(pythonNameProblem('stripe', 'app name', { recorded: false })).toMatch(/would shadow/);
  expect(pythonNameProblem('json', 'app name', { recorded: true })).toMatch(/would shadow the python module "json"/);
  expect(pythonNameProblem('config', 'app name', { recorded: true })).toMatch(/would shadow the python module "config"/);
});

test('every reserved module name is a python name a project or app may not take', () => {
  expect(reservedModules.length).toBeGreaterThan(50);
  for (const name of reservedModules) {
    expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    if (name === name.toLowerCase()) expect(pythonNameProblem(name, 'app name')).toBe(`app name "${name}" would shadow the python module "${name}" (stdlib, Django or a distribution the project installs)`);
  }
});
