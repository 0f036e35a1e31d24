/**
 * Field names a plugin reserves (lib/model/reserved-fields.ts, the manifests'
 * reservedFieldNames), field by field: which states are refused, and that a record holding
 * one already is left alone. The commands' refusals are in test/model/name-guards.test.ts.
 */
import { reservedFieldProblems, refuseReservedFieldNames } from '../../lib/model/reserved-fields.js';
import { manifestProblems } from '../../lib/plugins/check.js';
import type { AppSpec, ModelField } from '../../lib/record/state.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import { templatesDir } from '../../lib/template-set/paths.js';

const { catalog } = loadTemplateSet(templatesDir());
const appWith = (...fields: ModelField[]): AppSpec[] => [{ name: 'shop', models: [{ name: 'Doc', fields }] }];
const state = (api: string, ...fields: ModelField[]) => ({ answers: { api }, plugins: [], apps: appWith(...fields) });
const reason = "Django Ninja's schemas are pydantic models, which have an attribute of that name";

describe('which fields are refused', () => {
  test.each(['model_config', 'model_dump', 'model_validate_json', 'json', 'copy', 'schema', 'validate'])('%s, with Ninja only', (name) => {
    const field = { name, type: 'str' };
    expect(reservedFieldProblems(catalog, state('ninja', field))).toEqual([`shop.Doc.${name}: plugin ninja reserves the field name "${name}" (${reason}); choose another name`]);
    expect(reservedFieldProblems(catalog, state('drf,graphql', field))).toEqual([]);
  });

  test.each(['model_name', 'model_number', 'config', 'fields', 'title'])('%s is free', (name) => {
    expect(reservedFieldProblems(catalog, state('drf,ninja,graphql', { name, type: 'str' }))).toEqual([]);
  });

  test.each([
    ['self', "Django's Model() and objects.create() take self as their own argument"],
    ['created', 'core.TimeStampedModel gives every model its created and modified fields'],
    ['modified', 'core.TimeStampedModel gives every model its created and modified fields'],
  ])('%s, in every project', (name, why) => {
    const problems = reservedFieldProblems(catalog, state('drf', { name, type: 'str' }));
    expect(problems).toEqual([`shop.Doc.${name}: the project reserves the field name "${name}" (${why}); choose another name`]);
  });

  test('two fields GraphQL names alike, with GraphQL only: the second named', () => {
    const pair = [{ name: 'a_1', type: 'str' }, { name: 'title', type: 'str' }, { name: 'a1', type: 'int' }];
    expect(reservedFieldProblems(catalog, state('graphql', ...pair))).toEqual(['shop.Doc.a1: plugin graphql names the fields a_1 and a1 alike (a1); choose another name']);
    expect(reservedFieldProblems(catalog, state('drf,ninja', ...pair))).toEqual([]);
    expect(reservedFieldProblems(catalog, state('graphql', { name: 'first_name', type: 'str' }, { name: 'firstname', type: 'str' }, { name: 'x_2y', type: 'str' }))).toEqual([]);
  });

  test("a field named like a relation's column, in every project; an m2m has no column", () => {
    const column = (relation: string) => `shop.Doc.author_id: Django names the column of the relation author author_id already (models.E006); choose another name`.replace('relation author', `relation ${relation}`);
    expect(reservedFieldProblems(catalog, state('drf', { name: 'author', type: 'fk', target: 'users.User' }, { name: 'author_id', type: 'int' }))).toEqual([column('author')]);
    expect(reservedFieldProblems(catalog, state('drf', { name: 'author_id', type: 'str' }, { name: 'author', type: 'o2o', target: 'users.User' }))).toEqual([column('author')]);
    expect(reservedFieldProblems(catalog, state('drf', { name: 'author', type: 'm2m', target: 'users.User' }, { name: 'author_id', type: 'int' }))).toEqual([]);
    expect(reservedFieldProblems(catalog, state('drf', { name: 'author', type: 'str' }, { name: 'author_id', type: 'int' }))).toEqual([]);
  });

  test("an adopted app's fields are its own", () => {
    const adopted = { answers: { api: 'ninja' }, plugins: [], apps: [{ name: 'legacy', adopted: true as const, models: [{ name: 'Doc', fields: [{ name: 'json', type: 'json' }] }] }] };
    expect(reservedFieldProblems(catalog, adopted)).toEqual([]);
  });
});

describe('which states are refused', () => {
  const json = { name: 'json', type: 'json' };
  test('a new reserved field, or Ninja turned on while the models hold one: the first named, the count of the rest', () => {
    const message = (run: () => void) => {
      try {
        run();
      } catch (error) {
        return (error as Error).message;
      }
      return 'not refused';
    };
    expect(message(() => refuseReservedFieldNames(catalog, state('ninja', json), state('ninja')))).toBe(`shop.Doc.json: plugin ninja reserves the field name "json" (${reason}); choose another name`);
    expect(() => refuseReservedFieldNames(catalog, state('drf,ninja', json, { name: 'copy', type: 'str' }), state('drf', json))).toThrow(/^shop\.Doc\.json: .* \(and 1 more\)$/);
    expect(() => refuseReservedFieldNames(catalog, state('ninja', json), null)).toThrow('shop.Doc.json');
  });

  test('a previous state that records a plugin no longer offered is read, not refused (plugin --remove takes it out)', () => {
    const chat = { answers: { api: 'drf' }, plugins: ['df-chat'], apps: appWith({ name: 'title', type: 'str' }) };
    expect(catalog.get('df-chat')?.unavailable).toBeTruthy();
    expect(() => refuseReservedFieldNames(catalog, state('drf', { name: 'title', type: 'str' }), chat)).not.toThrow();
  });

  test('one the record already holds is left alone', () => {
    expect(() => refuseReservedFieldNames(catalog, state('ninja', json, { name: 'title', type: 'str' }), state('ninja', json))).not.toThrow();
  });
});

test('a manifest with a malformed reservedFieldNames names the field', () => {
  const manifest = { name: 'x', summary: 'x', kind: 'integration', requires: [], conflicts: [], requirements: {}, installedApps: {}, urls: [], env: [], compose: {}, ci: {}, processes: [], questions: [] };
  expect(manifestProblems({ ...manifest, camelCaseFields: 'yes' }, 'x')).toContain('plugin x: camelCaseFields must be true or false');
  expect(manifestProblems({ ...manifest, appApi: 1 }, 'x')).toContain('plugin x: appApi must be true or false');
  for (const bad of [{ names: [], reason: 'r' }, { names: ['Json'], reason: 'r' }, { names: ['json'] }, { names: ['json'], reason: 'a\nb' }, ['json']]) {
    expect(manifestProblems({ ...manifest, reservedFieldNames: bad }, 'x')).toContain('plugin x: reservedFieldNames must be { names: [lowercase field names], reason: one line }');
  }
  expect(manifestProblems({ ...manifest, reservedFieldNames: { names: ['json'], reason: 'r' } }, 'x')).toEqual([]);
});
