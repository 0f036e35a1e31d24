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
import { templatesDir } from '../../lib/template-set/paths.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import { expectSuccess } from '../support/e2e.js';
import { generate } from '../support/generate.js';
import { createDatabase, type TestDatabase } from '../support/machine-services.js';
import { describeRun } from '../support/process.js';
import { installProject } from '../support/stack.js';
import { removeTempDir } from '../support/tempdir.js';
import { catalog } from './helpers.js';
import { notPersonal } from './personal-data-allowlist.js';
import { markers, seedScript } from './personal-data-seed.js';
import { activePlugins } from './stack-checks.js';

/** Every plugin the catalog offers: answers bring celery, storages, anymail, the API styles and the defaults'. */
const args = ['--defaults', '--project-name', 'Every Plugin', '--celery', '--storage', 's3', '--email', 'mailgun', '--api', 'drf,ninja,graphql'];
const plugins = ['df-auth', 'df-notifications', 'df-survey', 'channels', 'reversion', 'cors', 'allauth', 'social-signin', 'stripe', 'twilio', 'fcm'];

jest.setTimeout(900_000);

/** A table or column name that suggests a person, what they wrote, or a credential. */
const looksPersonal =
  /email|name|phone|mobile|token|secret|key|password|passwd|address|(^|_)ip($|_)|serialized_data|extra_data|(^|_)data$|session|otp|device|uid|message|repr|comment|number|recipient|user_agent|registration|content|body|result|response|answer/;
/** Columns that say nothing of a person whatever their name: keys and references (numbers, uuids). */
const neutralColumn = (name: string, type: string) =>
  name === 'id' || (name.endsWith('_id') && /integer|bigint|smallint|uuid/.test(type)) || ['app_label', 'model', 'codename'].includes(name);

let dir = '';
let database: TestDatabase | undefined;
/** What the project's Python reported, by stage (see auditScript). */
let report: Map<string, { ok: boolean; value: unknown }>;

/**
 * One Django start for both tests: migrate (a failure ends the script), the tables and
 * columns of the migrated database, then the seeded rows anonymized and every table
 * searched for the markers. Each stage prints one `@@ [stage, ok, value or traceback]`
 * line, so one stage's failure fails its own test.
 */
const auditScript = `
import json, traceback
from django.core.management import call_command
from django.db import connection

call_command("migrate", interactive=False)


def stage(name, work):
    try:
        print("@@", json.dumps([name, True, work()]))
    except Exception:
        print("@@", json.dumps([name, False, traceback.format_exc()]))


def tables():
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position")
        rows = cursor.fetchall()
    found = {}
    for table, column, data_type in rows:
        found.setdefault(table, []).append([column, data_type])
    return found


def anonymized():
    exec(${JSON.stringify(seedScript)}, {})
    from workflow import anonymizers
    changed = anonymizers.anonymize(using="default")
    markers = ${JSON.stringify(markers)}
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            text = repr(cursor.fetchall())
            found += [f"{table}: {marker}" for marker in markers if marker in text]
    return {"changed": changed, "survivors": found}


stage("tables", tables)
stage("anonymized", anonymized)
`;

/** The value a stage reported; a failed stage throws its traceback. */
function reported<T>(name: string): T {
  const entry = report.get(name);
  if (!entry) throw new Error(`the audit printed no ${name} stage`);
  if (!entry.ok) throw new Error(`${name} failed:\n${String(entry.value)}`);
  return entry.value as T;
}

beforeAll(async () => {
  const generated = await generate(args);
  dir = generated.dir;
  if (generated.code !== 0) throw new Error(describeRun('djangoflow', generated));
  // One plugin run adds them all (each plugin's own run is proven by lifecycle.test.ts).
  const added = await generate(['plugin', ...plugins, '--defaults'], { cwd: dir });
  if (added.code !== 0) throw new Error(describeRun(`djangoflow plugin ${plugins.join(' ')}`, added));
  const [stack, db] = await Promise.all([installProject(dir), createDatabase('postgresql', 'personal', dir)]);
  database = db;
  const env = { DJANGO_SETTINGS_MODULE: 'config.settings.local', DJANGO_READ_ENV_FILE: 'False', DATABASE_URL: db.url };
  // Every plugin's migrations on a loaded machine: more than manage()'s three minutes.
  const audit = await stack.run(['src/manage.py', 'shell', '-c', auditScript], { env, timeoutMs: 600_000 });
  expectSuccess('migrate and the audit', audit);
  report = new Map(
    audit.stdout
      .split('\n')
      .filter((line) => line.startsWith('@@ '))
      .map((line) => JSON.parse(line.slice(3)) as [string, boolean, unknown])
      .map(([name, ok, value]) => [name, { ok, value }]),
  );
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

test('every table that looks personal or secret is declared for the anonymizer or allowed with a reason', () => {
  const tables = reported<Record<string, [string, string][]>>('tables');
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

test('after the anonymizer, no seeded email, secret or token is left in any table', () => {
  const { changed, survivors } = reported<{ changed: Record<string, number>; survivors: string[] }>('anonymized');
  expect(Object.values(changed).some((count) => count > 0)).toBe(true);
  expect(survivors).toEqual([]);
});
