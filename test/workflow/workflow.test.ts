/**
 * The workflow commands of a generated project, end to end on its pinned stack (its venv,
 * stack.ts) against a private PostgreSQL cluster on 127.0.0.1 (the database swaps and the
 * list of databases must see no other test's) holding three databases: `local` (this checkout's),
 * `staging` and `production`. A probe app (probe-app.ts) adds personal data, an uploaded
 * file, an anonymizer and migrations that log the backups they see and fail on request.
 * The tests run in order and share the databases.
 */
import { jest } from '@jest/globals';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectSuccess } from '../support/e2e.js';
import { generate } from '../support/generate.js';
import { describeRun, run, type RunResult } from '../support/process.js';
import { manage } from '../support/python.js';
import { installProject } from '../support/stack.js';
import { postgresBinDir, startPostgres, type Postgres } from '../support/services.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { addProbeApp, releaseMigration, writeFiles } from './probe-app.js';

jest.setTimeout(600_000);

let project = '';
let work = '';
let postgres: Postgres;
/** The project's venv python: deploy hooks and SQLite reads run on it, as a user's would. */
let python = '';
const urls: Record<string, string> = {};

const paths = () => ({
  stagingMedia: join(work, 'staging-media'),
  productionMedia: join(work, 'production-media'),
  stagingBackups: join(work, 'backups-staging'),
  productionBackups: join(work, 'backups-production'),
  deploys: join(work, 'deploys.log'),
  probeLog: join(work, 'probe.log'),
  localMedia: join(project, 'src/media'),
});

/** The environment of every command: the three databases, media, backups, deploy hooks. */
function environment(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const p = paths();
  const deploy = (name: string) =>
    `${python} -c "import sys; open(sys.argv[1], 'a').write(sys.argv[2] + ' ' + sys.argv[3] + chr(10))" ${p.deploys} ${name} {tag}`;
  return {
    DJANGO_SETTINGS_MODULE: 'config.settings.local',
    DATABASE_URL: urls.local!,
    STAGING_DATABASE_URL: urls.staging!,
    PRODUCTION_DATABASE_URL: urls.production!,
    STAGING_MEDIA_LOCATION: p.stagingMedia,
    PRODUCTION_MEDIA_LOCATION: p.productionMedia,
    STAGING_BACKUP_DIR: p.stagingBackups,
    PRODUCTION_BACKUP_DIR: p.productionBackups,
    STAGING_DEPLOY_COMMAND: deploy('staging'),
    PRODUCTION_DEPLOY_COMMAND: deploy('production'),
    PROBE_LOG: p.probeLog,
    ...extra,
  };
}

const command = (args: string[], extra: Record<string, string | undefined> = {}): Promise<RunResult> =>
  manage(project, args, environment(extra));

async function sql(database: string, query: string): Promise<string> {
  const result = await run(
    join(postgresBinDir(), 'psql'),
    ['-h', '127.0.0.1', '-p', String(postgres.port), '-U', 'postgres', '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', query],
    { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
  );
  if (result.code !== 0) throw new Error(describeRun(`psql ${query}`, result));
  return result.stdout.trim();
}

const tables = (database: string) =>
  sql(database, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'");
const releases = (database: string) =>
  sql(database, "SELECT string_agg(tag || ':' || action, ' ' ORDER BY id) FROM workflow_release");
const applied = (database: string, app: string) =>
  sql(database, `SELECT string_agg(name, ' ' ORDER BY name) FROM django_migrations WHERE app = '${app}'`);
const databases = () => sql('postgres', 'SELECT string_agg(datname, \' \' ORDER BY datname) FROM pg_database');
const readOr = (path: string, fallback = '') => (existsSync(path) ? readFileSync(path, 'utf8') : fallback);

function expectFailure(label: string, result: RunResult, message: RegExp): void {
  expect({ code: result.code === 0 ? 0 : 1, output: describeRun(label, result) }).toEqual({
    code: 1,
    output: expect.stringMatching(message),
  });
  // One line, no traceback.
  expect(result.stderr).not.toMatch(/Traceback/);
}

async function shell(database: string, code: string): Promise<void> {
  expectSuccess('manage.py shell', await manage(project, ['shell', '-c', code], environment({ DATABASE_URL: urls[database]! })));
}

beforeAll(async () => {
  work = makeTempDir('workflow');
  const generated = await generate(['--defaults', '--project-name', 'Flow Check']);
  project = generated.dir;
  if (generated.code !== 0) throw new Error(describeRun('djangoflow', generated));
  addProbeApp(project);
  const [stack, cluster] = await Promise.all([installProject(project), startPostgres()]);
  python = stack.python;
  postgres = cluster;
  for (const name of ['local', 'staging', 'production']) urls[name] = await postgres.createDatabase(name);
}, 900_000);

afterAll(async () => {
  await postgres?.stop();
  if (project) removeTempDir(project);
  if (work) removeTempDir(work);
});

test('a dry run prints the promotion plan and changes nothing', async () => {
  const result = await command(['pull_development_to_staging', '--tag', 'v1.0.0', '--dry-run']);

  expectSuccess('pull_development_to_staging --dry-run', result);
  expect(result.stdout).toMatch(/Promote v1\.0\.0 from local to staging/);
  expect(result.stdout).toMatch(/1\. Back up staging's database/);
  expect(result.stdout).toMatch(/Migrate staging's database \(in one transaction\)/);
  expect(result.stdout).toMatch(/Dry run: nothing was changed\./);
  expect(await tables('staging')).toBe('');
  expect(existsSync(paths().stagingBackups)).toBe(false);
  expect(existsSync(paths().deploys)).toBe(false);
});

test('a promotion backs up before migrating, deploys the tag and records it', async () => {
  const p = paths();
  const result = await command(['pull_development_to_staging', '--tag', 'v1.0.0'], {
    PROBE_EXPECT_BACKUP_IN: p.stagingBackups,
  });

  expectSuccess('pull_development_to_staging', result);
  const backups = readdirSync(p.stagingBackups);
  expect(backups).toEqual([expect.stringMatching(/^staging-\d{8}T\d{6}Z-before-v1\.0\.0\.dump$/)]);
  // The migration saw the backup file: it existed before migrations ran.
  expect(readOr(p.probeLog)).toContain(`0002_check: ${backups[0]}`);
  expect(await releases('staging')).toBe('v1.0.0:deploy');
  expect(readOr(p.deploys)).toBe('staging v1.0.0\n');
});

test('writing into production without --yes and without a terminal is refused', async () => {
  const result = await command(['pull_staging_to_production']);

  expectFailure('pull_staging_to_production', result, /production is protected: pass --yes/);
  expect(await tables('production')).toBe('');
  expect(existsSync(paths().productionBackups)).toBe(false);
});

test('production gets the release that passed staging', async () => {
  const result = await command(['pull_staging_to_production', '--yes'], {
    PROBE_EXPECT_BACKUP_IN: paths().productionBackups,
  });

  expectSuccess('pull_staging_to_production --yes', result);
  expect(result.stdout).toMatch(/Promote v1\.0\.0 from staging to production \(running now: no release yet\)/);
  expect(await releases('production')).toBe('v1.0.0:deploy');
  expect(readOr(paths().deploys).trim().split('\n')).toEqual(['staging v1.0.0', 'production v1.0.0']);
});

describe('pulling into localhost', () => {
  beforeAll(async () => {
    const p = paths();
    for (const [name, media, who] of [
      ['staging', p.stagingMedia, 'ada'],
      ['production', p.productionMedia, 'grace'],
    ] as const) {
      mkdirSync(join(media, 'notes'), { recursive: true });
      writeFileSync(join(media, 'notes', `${name}.txt`), `uploaded in ${name}\n`);
      await shell(
        name,
        [
          'from django.contrib.auth import get_user_model',
          'from probe.models import Note',
          `get_user_model().objects.create_user("${who}", "${who}@real.example", "pw-${who}-12345", first_name="${who.toUpperCase()}", last_name="Real")`,
          `Note.objects.create(title="${name} note", owner_email="${who}@real.example", attachment="notes/${name}.txt")`,
        ].join('\n'),
      );
    }
  });

  test('a dry run prints the plan and leaves the local database and media alone', async () => {
    const result = await command(['pull_staging_to_localhost', '--dry-run']);

    expectSuccess('pull_staging_to_localhost --dry-run', result);
    expect(result.stdout).toMatch(/Pull staging into local:/);
    expect(result.stdout).toMatch(/Dump staging's database .* with pg_dump/);
    expect(result.stdout).toMatch(/Copy staging's media/);
    expect(await tables('local')).toBe('');
    expect(existsSync(paths().localMedia)).toBe(false);
  });

  test('staging data and media arrive, migrated, without anonymizing', async () => {
    const result = await command(['pull_staging_to_localhost']);

    expectSuccess('pull_staging_to_localhost', result);
    expect(await sql('local', 'SELECT username || \' \' || email FROM users_user')).toBe('ada ada@real.example');
    expect(await sql('local', 'SELECT owner_email FROM probe_note')).toBe('ada@real.example');
    expect(await applied('local', 'probe')).toBe('0001_initial 0002_check');
    expect(readOr(join(paths().localMedia, 'notes/staging.txt'))).toBe('uploaded in staging\n');
    expect(await databases()).toBe('local postgres production staging template0 template1');
  });

  test('a failure midway leaves the local database and media as they were', async () => {
    const result = await command(['pull_production_to_localhost'], { PROBE_FAIL: 'anonymize' });

    expectFailure('pull_production_to_localhost', result, /the target is as it was: injected failure while anonymizing/);
    expect(await sql('local', 'SELECT username FROM users_user')).toBe('ada');
    expect(readdirSync(join(paths().localMedia, 'notes'))).toEqual(['staging.txt']);
    expect(await databases()).toBe('local postgres production staging template0 template1');
    expect(readdirSync(project, { withFileTypes: true }).filter((e) => e.name.includes('workflow'))).toEqual([]);
  });

  test('a production pull anonymizes users and registered models', async () => {
    const result = await command(['pull_production_to_localhost']);

    expectSuccess('pull_production_to_localhost', result);
    expect(result.stdout).toMatch(/Anonymize the copy \(.*probe\.Note: owner_email.*users\.User: email, username, first_name, last_name, password/);
    const [id, username, email, first, last, password] = (
      await sql('local', "SELECT id, username, email, first_name, last_name, password FROM users_user")
    ).split('|');
    expect({ username, email, first, last }).toEqual({
      username: `user-${id}`,
      email: `user-${id}@example.invalid`,
      first: '',
      last: '',
    });
    expect(password).toMatch(/^!/); // Django's unusable password
    expect(await sql('local', 'SELECT owner_email FROM probe_note')).toMatch(/^note-\d+@example\.invalid$/);
    expect(await sql('local', "SELECT count(*) FROM users_user WHERE email LIKE '%real.example'")).toBe('0');
    // Production itself keeps its data.
    expect(await sql('production', 'SELECT email FROM users_user')).toBe('grace@real.example');
    expect(readdirSync(join(paths().localMedia, 'notes'))).toEqual(['production.txt']);
  });

  test('into a SQLite local database (no DATABASE_URL) through dumpdata and loaddata', async () => {
    const result = await command(['pull_staging_to_localhost'], { DATABASE_URL: undefined });

    expectSuccess('pull_staging_to_localhost (SQLite)', result);
    expect(result.stdout).toMatch(/with dumpdata/);
    const query = await run(
      python,
      [
        '-c',
        'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); ' +
          'print(db.execute("SELECT username, email FROM users_user").fetchall(), ' +
          'db.execute("SELECT owner_email FROM probe_note").fetchall())',
        join(project, 'src/db.sqlite3'),
      ],
    );
    expect(query.stdout.trim()).toBe("[('ada', 'ada@real.example')] [('ada@real.example',)]");
    expect(readdirSync(join(project, 'src')).filter((name) => name.includes('workflow'))).toEqual([]);
  });
});

describe('the next release', () => {
  beforeAll(() => writeFiles(project, releaseMigration));

  test('a failing migration leaves staging as it was', async () => {
    const result = await command(['pull_development_to_staging', '--tag', 'v1.1.0'], { PROBE_FAIL: 'migrate' });

    expectFailure('pull_development_to_staging', result, /the target is as it was: injected failure in a migration/);
    expect(await tables('staging')).not.toMatch(/probe_audit/);
    expect(await applied('staging', 'probe')).toBe('0001_initial 0002_check');
    expect(await releases('staging')).toBe('v1.0.0:deploy');
    expect(readOr(paths().deploys)).not.toMatch(/v1\.1\.0/);
  });

  test('it goes to staging, and an older tag is refused afterwards', async () => {
    expectSuccess('pull_development_to_staging', await command(['pull_development_to_staging', '--tag', 'v1.1.0']));
    expect(await releases('staging')).toBe('v1.0.0:deploy v1.1.0:deploy');

    const older = await command(['pull_development_to_staging', '--tag', 'v1.0.5']);
    expectFailure('pull_development_to_staging v1.0.5', older, /v1\.0\.5 from local is older than staging's v1\.1\.0/);
  });

  test('it goes to production with a backup taken first', async () => {
    const p = paths();
    const result = await command(['pull_staging_to_production', '--yes'], { PROBE_EXPECT_BACKUP_IN: p.productionBackups });

    expectSuccess('pull_staging_to_production', result);
    const backup = readdirSync(p.productionBackups).find((name) => name.endsWith('-before-v1.1.0.dump'));
    expect(backup).toBeDefined();
    expect(readOr(p.probeLog)).toMatch(new RegExp(`0003_audit: .*${backup}`));
    expect(await tables('production')).toMatch(/probe_audit/);
    expect(await releases('production')).toBe('v1.0.0:deploy v1.1.0:deploy');
  });

  test('rolling production back restores the backup when a migration cannot be reversed', async () => {
    await sql('production', "INSERT INTO probe_audit (note) VALUES ('written after the deploy')");
    const result = await command(['rollback_production', '--yes']);

    expectSuccess('rollback_production', result);
    expect(result.stdout).toMatch(/Roll production back from v1\.1\.0 to v1\.0\.0/);
    expect(result.stdout).toMatch(/Restore the backup taken before v1\.1\.0 .*probe\.0003_audit cannot be reversed/);
    expect(await tables('production')).not.toMatch(/probe_audit/);
    expect(await applied('production', 'probe')).toBe('0001_initial 0002_check');
    expect(await releases('production')).toBe('v1.0.0:deploy v1.0.0:rollback');
    expect(await sql('production', 'SELECT email FROM users_user')).toBe('grace@real.example');
    expect(readOr(paths().deploys).trim().split('\n').pop()).toBe('production v1.0.0');
    // What was written since the deploy is kept in the backup taken before the rollback.
    expect(readdirSync(paths().productionBackups).some((name) => name.endsWith('-before-rollback-to-v1.0.0.dump'))).toBe(true);
  });
});
