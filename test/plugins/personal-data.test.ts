/**
 * The anonymizer covers every table that holds personal data or secrets. A project with
 * every plugin the catalog offers is installed on its pinned stack and migrated on
 * PostgreSQL; every table whose name or columns look personal or secret must be declared
 * (templates/core.yaml or a manifest's `personalData`) or listed, with its reason, in
 * personal-data-allowlist.ts, so a plugin that brings such a table without an anonymizer
 * rule fails here. Then rows with known emails, secrets and tokens are seeded, the
 * generated anonymizer runs, and no seeded value survives anywhere in the database.
 */
import { jest } from '@jest/globals';
import { templatesDir } from '../../lib/paths.js';
import { loadTemplateSet } from '../../lib/template-set.js';
import { expectSuccess } from '../support/e2e.js';
import { generate } from '../support/generate.js';
import { createDatabase, type TestDatabase } from '../support/machine-services.js';
import { describeRun } from '../support/process.js';
import { manage } from '../support/python.js';
import { installProject } from '../support/stack.js';
import { removeTempDir } from '../support/tempdir.js';
import { catalog } from './helpers.js';
import { notPersonal } from './personal-data-allowlist.js';
import { markers, seedScript } from './personal-data-seed.js';
import { activePlugins } from './stack-checks.js';

/** Every plugin the catalog offers: answers bring celery, storages, anymail, the API styles and the defaults'. */
const args = ['--defaults', '--project-name', 'Every Plugin', '--celery', '--storage', 's3', '--email', 'mailgun', '--api', 'drf,ninja,graphql'];
const plugins = ['df-auth', 'df-notifications', 'df-survey', 'channels', 'reversion', 'cors', 'allauth', 'social-signin', 'stripe', 'twilio', 'fcm'].map((name) => [name, '--defaults']);

jest.setTimeout(900_000);

/** A table or column name that suggests a person, what they wrote, or a credential. */
const looksPersonal =
  /email|name|phone|mobile|token|secret|key|password|passwd|address|(^|_)ip($|_)|serialized_data|extra_data|(^|_)data$|session|otp|device|uid|message|repr|comment|number|recipient|user_agent|registration|content|body|result|response|answer/;
/** Columns that say nothing of a person whatever their name: keys and references (numbers, uuids). */
const neutralColumn = (name: string, type: string) =>
  name === 'id' || (name.endsWith('_id') && /integer|bigint|smallint|uuid/.test(type)) || ['app_label', 'model', 'codename'].includes(name);

let dir = '';
let database: TestDatabase | undefined;
let env: Record<string, string | undefined> = {};

const shell = async (code: string) => {
  const result = await manage(dir, ['shell', '-c', code], env);
  expectSuccess('manage.py shell', result);
  return result.stdout.trim().split('\n').at(-1) ?? '';
};

beforeAll(async () => {
  const generated = await generate(args);
  dir = generated.dir;
  if (generated.code !== 0) throw new Error(describeRun('djangoflow', generated));
  for (const pluginArgs of plugins) {
    const added = await generate(['plugin', ...pluginArgs], { cwd: dir });
    if (added.code !== 0) throw new Error(describeRun(`djangoflow plugin ${pluginArgs.join(' ')}`, added));
  }
  const [, db] = await Promise.all([installProject(dir), createDatabase('postgresql', 'personal', dir)]);
  database = db;
  env = { DJANGO_SETTINGS_MODULE: 'config.settings.local', DJANGO_READ_ENV_FILE: 'False', DATABASE_URL: db.url };
  const migrated = await manage(dir, ['migrate', '--noinput'], env);
  if (migrated.code !== 0) throw new Error(describeRun('migrate', migrated));
}, 1_800_000);

afterAll(async () => {
  await database?.drop();
  if (dir) removeTempDir(dir);
});

/** Every declared table: the core's and every offered plugin's. */
function declaredTables(): Set<string> {
  const templates = loadTemplateSet(templatesDir());
  const plugins = [...catalog().values()].filter((p) => !p.unavailable);
  return new Set([...(templates.core.personalData ?? []), ...plugins.flatMap((p) => p.personalData)].map((entry) => entry.table));
}

test('the project holds every plugin the catalog offers', () => {
  const offered = [...catalog().values()].filter((p) => !p.unavailable).map((p) => p.name);
  const active = activePlugins(dir);
  expect(offered.filter((name) => !active.includes(name))).toEqual([]);
});

test('every table that looks personal or secret is declared for the anonymizer or allowed with a reason', async () => {
  const listing = await shell(
    [
      'import json',
      'from django.db import connection',
      'with connection.cursor() as cursor:',
      '    cursor.execute("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = \'public\' ORDER BY table_name, ordinal_position")',
      '    rows = cursor.fetchall()',
      'tables = {}',
      'for table, column, data_type in rows:',
      '    tables.setdefault(table, []).append([column, data_type])',
      'print(json.dumps(tables))',
    ].join('\n'),
  );
  const tables = JSON.parse(listing) as Record<string, [string, string][]>;
  const declared = declaredTables();
  const suspicious = Object.entries(tables)
    .map(([table, columns]) => ({
      table,
      why: [table, ...columns.filter(([name, type]) => !neutralColumn(name, type)).map(([name]) => name)].filter((name) => looksPersonal.test(name)),
    }))
    .filter(({ table, why }) => why.length > 0 && !declared.has(table) && !(table in notPersonal))
    .map(({ table, why }) => `${table}: ${why.join(', ')}`);
  expect(suspicious).toEqual([]);
  // Declarations and the allow-list name real tables (a renamed table would slip through).
  expect([...declared, ...Object.keys(notPersonal)].filter((table) => !(table in tables))).toEqual([]);
});

test('after the anonymizer, no seeded email, secret or token is left in any table', async () => {
  expectSuccess('seed', await manage(dir, ['shell', '-c', seedScript], env));
  const changed = JSON.parse(await shell('import json\nfrom workflow import anonymizers\nprint(json.dumps(anonymizers.anonymize(using="default")))')) as Record<string, number>;
  expect(Object.values(changed).some((count) => count > 0)).toBe(true);
  const survivors = await shell(
    [
      'import json',
      'from django.db import connection',
      `markers = ${JSON.stringify(markers)}`,
      'found = []',
      'with connection.cursor() as cursor:',
      '    for table in connection.introspection.table_names(cursor):',
      '        cursor.execute(f\'SELECT * FROM "{table}"\')',
      '        text = repr(cursor.fetchall())',
      '        found += [f"{table}: {marker}" for marker in markers if marker in text]',
      'print(json.dumps(found))',
    ].join('\n'),
  );
  expect(JSON.parse(survivors)).toEqual([]);
});
