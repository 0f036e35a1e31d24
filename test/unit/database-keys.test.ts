/**
 * Which keys MySQL cannot build (lib/model/database-keys.ts), field by field: text and JSON
 * keys, unique strings over 255 characters, indexed ones over 768; other databases key all.
 * The commands' refusals are in test/model/database-keys.test.ts.
 */
import { databaseKeyProblems, refuseDatabaseKeys } from '../../lib/model/database-keys.js';
import { fieldTypes } from '../../lib/render/field-types.js';
import type { AppSpec, ModelField } from '../../lib/record/state.js';

const appWith = (...fields: ModelField[]): AppSpec[] => [{ name: 'shop', models: [{ name: 'Doc', fields }] }];
const problems = (database: string, ...fields: ModelField[]) => databaseKeyProblems({ answers: { database }, apps: appWith(...fields) });

describe('which keys MySQL cannot build', () => {
  test.each([
    [{ name: 'note', type: 'text', index: true }, 'shop.Doc.note: MySQL cannot index a text field; use str:N:index (N at most 768)'],
    [{ name: 'body', type: 'text', unique: true }, 'shop.Doc.body: MySQL cannot make a text field unique; use str:N:unique (N at most 255)'],
    [{ name: 'data', type: 'json', index: true }, 'shop.Doc.data: MySQL cannot index a json field; use str:N:index (N at most 768)'],
    [{ name: 'code', type: 'str', unique: true, maxLength: 256 }, 'shop.Doc.code: MySQL cannot make a str field longer than 255 characters unique; give str:255 or less'],
    [{ name: 'page', type: 'str', index: true, maxLength: 769 }, 'shop.Doc.page: MySQL cannot index a str field longer than 768 characters; give str:768 or less'],
    // A slug is unique without asking.
    [{ name: 'slug', type: 'slug', maxLength: 300 }, 'shop.Doc.slug: MySQL cannot make a slug field longer than 255 characters unique; give slug:255 or less'],
  ] as [ModelField, string][])('%j', (field, message) => {
    expect(problems('mysql', field)).toEqual([message]);
    expect(problems('postgresql', field)).toEqual([]);
    expect(problems('sqlite', field)).toEqual([]);
  });

  test("every type's own max length fits MySQL's keys: only a given one is checked", () => {
    const own = Object.values(fieldTypes).flatMap((type) => type.options.filter((o) => o.startsWith('max_length=')).map((o) => Number(o.slice(11))));
    expect(own.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...own)).toBeLessThanOrEqual(255);
  });

  test('keys that fit, and fields with no key, are fine', () => {
    expect(
      problems(
        'mysql',
        { name: 'code', type: 'str', unique: true, maxLength: 255 },
        { name: 'title', type: 'str', index: true, maxLength: 768 },
        { name: 'name', type: 'str', unique: true },
        { name: 'mail', type: 'email', unique: true },
        { name: 'slug', type: 'slug' },
        { name: 'body', type: 'text' },
        { name: 'long', type: 'str', maxLength: 5000 },
        { name: 'data', type: 'json' },
      ),
    ).toEqual([]);
  });
});

describe('refusing a state', () => {
  const noted = { name: 'note', type: 'text', index: true };
  const state = (database: string, ...fields: ModelField[]) => ({ answers: { database }, apps: appWith(...fields) });

  test('a new problem is refused with its line; several name how many more', () => {
    expect(() => refuseDatabaseKeys(state('mysql', noted), null)).toThrow(/^shop\.Doc\.note: MySQL cannot index a text field; use str:N:index \(N at most 768\)$/);
    expect(() => refuseDatabaseKeys(state('mysql', noted), state('postgresql', noted))).toThrow(/^shop\.Doc\.note: /);
    const two = state('mysql', noted, { name: 'data', type: 'json', unique: true });
    expect(() => refuseDatabaseKeys(two, state('mysql'))).toThrow(/^shop\.Doc\.note: .* \(and 1 more\)$/);
  });

  test('what the previous state already held is not refused again; a state without problems passes', () => {
    expect(() => refuseDatabaseKeys(state('mysql', noted, { name: 'title', type: 'str' }), state('mysql', noted))).not.toThrow();
    expect(() => refuseDatabaseKeys(state('mysql', { name: 'title', type: 'str', index: true }), null)).not.toThrow();
    expect(() => refuseDatabaseKeys(state('postgresql', noted), null)).not.toThrow();
  });

  test('a json field made unique names both', () => {
    expect(problems('mysql', { name: 'data', type: 'json', unique: true })).toEqual(['shop.Doc.data: MySQL cannot make a json field unique; use str:N:unique (N at most 255)']);
  });
});
