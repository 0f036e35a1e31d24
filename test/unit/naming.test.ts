import { kebab, pythonNameProblem, reservedModules, slugify, titleCase } from '../../lib/naming.js';
import { templatesDir } from '../../lib/paths.js';
import { loadTemplateSet } from '../../lib/template-set.js';

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
