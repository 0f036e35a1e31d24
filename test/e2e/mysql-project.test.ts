/**
 * A MySQL project on its pinned stack (mysqlclient), with an app keyed as long as MySQL
 * lets it, migrated and tested on the machine's MariaDB; its workflow commands (promote with a mysqldump backup, pull through a database
 * swapped in by RENAME TABLE, roll back by restoring the backup) run against three MariaDB
 * databases: local, staging and production.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expectSuccess } from '../support/e2e.js';
import { createMysqlDatabase, type TestDatabase } from '../support/machine-services.js';
import { describeRun, run } from '../support/process.js';
import { manage } from '../support/python.js';
import { type RealProject, describeRealStack } from '../support/real-stack.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';

describeRealStack(
  'a MySQL project (--database mysql) on MariaDB',
  ['--defaults', '--project-name', 'Dolphin Works', '--database', 'mysql'],
  {
    // The longest keys the model command lets a MySQL project have (lib/model/database-keys.ts):
    // they migrate, and Django's checks (mysql.W003) pass at --fail-level WARNING.
    commands: [['startapp', 'catalog', '--model', 'Item', 'code:str:255:unique', 'title:str:768:index', 'slug:slug']],
    makeMigrations: ['catalog'],
    extra: (project) => workflowOnMysql(project),
  },
);

function workflowOnMysql(project: () => RealProject): void {
  describe('the workflow commands on MySQL', () => {
    let staging: TestDatabase;
    let backups = '';
    const env = (extra: Record<string, string> = {}) => ({
      DJANGO_SETTINGS_MODULE: 'config.settings.local',
      DATABASE_URL: project().database.url,
      STAGING_DATABASE_URL: staging.url,
      STAGING_BACKUP_DIR: backups,
      ...extra,
    });
    const command = (args: string[], extra: Record<string, string> = {}) => manage(project().dir, args, env(extra));
    const mysql = async (database: string, sql: string): Promise<string> => {
      const result = await run('mysql', ['-h', '127.0.0.1', '-P', '3306', '-u', 'root', '--batch', '--skip-column-names', database, '-e', sql]);
      if (result.code !== 0) throw new Error(describeRun(`mysql -e "${sql}"`, result));
      return result.stdout.trim();
    };
    const releases = () => mysql(staging.name, "SELECT GROUP_CONCAT(CONCAT(tag, ':', action) ORDER BY id SEPARATOR ' ') FROM workflow_release");
    // The copies the commands build beside this test's two databases (other runs share the server).
    const leftovers = () =>
      mysql(
        'information_schema',
        `SELECT COUNT(*) FROM SCHEMATA WHERE SCHEMA_NAME LIKE '${project().database.name}\\_workflow\\_%' OR SCHEMA_NAME LIKE '${staging.name}\\_workflow\\_%'`,
      );

    beforeAll(async () => {
      staging = await createMysqlDatabase('flow_staging');
      backups = makeTempDir('mysql-backups');
      expectSuccess('migrate', await command(['migrate', '--verbosity', '0']));
    }, 300_000);

    afterAll(async () => {
      await staging?.drop();
      if (backups) removeTempDir(backups);
    });

    test('a promotion backs staging up with mysqldump, migrates it and records the release', async () => {
      const result = await command(['pull_development_to_staging', '--tag', 'v1.0.0']);
      expectSuccess('pull_development_to_staging', result);
      const dumps = readdirSync(backups).filter((name) => /^staging-.*-before-v1\.0\.0\.sql$/.test(name));
      expect(dumps).toHaveLength(1);
      expect(statSync(join(backups, dumps[0]!)).size).toBeGreaterThan(0);
      expect(await releases()).toBe('v1.0.0:deploy');
    }, 300_000);

    test("pulling staging into localhost brings staging's rows, through a copy swapped in", async () => {
      const create = `from django.contrib.auth import get_user_model; get_user_model().objects.create_user("dolphin", "d@example.com", "x-Pass-123456")`;
      expectSuccess('create a staging user', await manage(project().dir, ['shell', '-c', create], env({ DATABASE_URL: staging.url })));
      const result = await command(['pull_staging_to_localhost', '--no-media']);
      expectSuccess('pull_staging_to_localhost', result);
      expect(result.stdout).toMatch(/RENAME|Replace/);
      const count = `from django.contrib.auth import get_user_model; print(get_user_model().objects.filter(username="dolphin").count())`;
      const local = await manage(project().dir, ['shell', '-c', count], env());
      expectSuccess('count local users', local);
      expect(local.stdout.trim().split('\n').at(-1)).toBe('1');
      expect(await leftovers()).toBe('0');
    }, 300_000);

    test("rolling staging back with --restore-backup restores the mysqldump taken before the release", async () => {
      expectSuccess('promote v1.1.0', await command(['pull_development_to_staging', '--tag', 'v1.1.0']));
      expect(await releases()).toBe('v1.0.0:deploy v1.1.0:deploy');
      await mysql(staging.name, "UPDATE users_user SET first_name = 'changed' WHERE username = 'dolphin'");
      const result = await command(['rollback_staging', '--restore-backup', '--yes']);
      expectSuccess('rollback_staging --restore-backup', result);
      // The backup taken before v1.1.0, then the rollback recorded on top of it.
      expect(await releases()).toBe('v1.0.0:deploy v1.0.0:rollback');
      expect(await mysql(staging.name, "SELECT first_name FROM users_user WHERE username = 'dolphin'")).toBe('');
      expect(await leftovers()).toBe('0');
    }, 300_000);
  });
}
