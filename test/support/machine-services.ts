/**
 * The machine's running services, shared by parallel test files: PostgreSQL
 * (127.0.0.1:5432, trust auth), MariaDB (127.0.0.1:3306, root without password), Redis
 * (127.0.0.1:6379) and RabbitMQ (127.0.0.1:5672, guest/guest). `.ci/run` starts any that
 * is not running. Each test gets its own uniquely named database or Redis db number and
 * gives it back when done, so files never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive as isAlive } from '../../lib/reconcile/process-alive.js';
import { isListening } from './ports.js';
import { describeRun, run } from './process.js';

export type DatabaseEngine = 'postgresql' | 'mysql' | 'sqlite';

export const servicePorts = { postgresql: 5432, mysql: 3306, redis: 6379, rabbitmq: 5672 } as const;

/** Throws one line naming the service and how `.ci/run` starts it when it is not listening. */
export async function requireService(name: keyof typeof servicePorts): Promise<void> {
  const port = servicePorts[name];
  if (!(await isListening(port))) {
    throw new Error(`${name} is not listening on 127.0.0.1:${port}: start it (.ci/run starts the machine's services)`);
  }
}

export interface TestDatabase {
  /** DATABASE_URL of the database (django-environ's scheme for the engine). */
  url: string;
  name: string;
  /** Drops the database (and, for PostgreSQL/MySQL, pytest-django's test_<name>). */
  drop(): Promise<void>;
  /**
   * Makes pytest-django's test_<name> a copy of the database as it is now (PostgreSQL and
   * MySQL; SQLite tests run in memory): after `migrate`, `pytest --reuse-db` then runs on the
   * schema those migrations built instead of building it again.
   */
  copyToTestDatabase?(): Promise<void>;
}

/** A name no other run or worker uses: `<prefix>_<pid>_<random>`, lowercase, ≤ 48 chars. */
export function uniqueName(prefix: string): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 24);
  return `${clean}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

async function psql(sql: string): Promise<void> {
  const result = await run('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
    timeoutMs: 60_000,
  });
  if (result.code !== 0) throw new Error(describeRun(`psql -c "${sql}"`, result));
}

async function mysql(sql: string): Promise<void> {
  const result = await run('mysql', ['-h', '127.0.0.1', '-P', '3306', '-u', 'root', '-e', sql], { timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(describeRun(`mysql -e "${sql}"`, result));
}

/** A fresh PostgreSQL database on the machine's server. */
export async function createPostgresDatabase(prefix: string): Promise<TestDatabase> {
  await requireService('postgresql');
  const name = uniqueName(prefix);
  await psql(`CREATE DATABASE "${name}"`);
  return {
    name,
    url: `postgres://postgres@127.0.0.1:${servicePorts.postgresql}/${name}`,
    drop: async () => {
      await psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await psql(`DROP DATABASE IF EXISTS "test_${name}" WITH (FORCE)`);
    },
    copyToTestDatabase: async () => {
      await psql(`DROP DATABASE IF EXISTS "test_${name}" WITH (FORCE)`);
      await psql(`CREATE DATABASE "test_${name}" TEMPLATE "${name}"`);
    },
  };
}

/** A fresh MariaDB database (utf8mb4) on the machine's server. */
export async function createMysqlDatabase(prefix: string): Promise<TestDatabase> {
  await requireService('mysql');
  const name = uniqueName(prefix);
  await mysql(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  return {
    name,
    url: `mysql://root@127.0.0.1:${servicePorts.mysql}/${name}`,
    drop: async () => {
      await mysql(`DROP DATABASE IF EXISTS \`${name}\`; DROP DATABASE IF EXISTS \`test_${name}\``);
    },
    copyToTestDatabase: async () => {
      await mysql(
        `DROP DATABASE IF EXISTS \`test_${name}\`; CREATE DATABASE \`test_${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      );
      // The names are [a-z0-9_] (uniqueName): safe in the shell line.
      const client = '-h 127.0.0.1 -P 3306 -u root';
      const copied = await run('bash', ['-o', 'pipefail', '-c', `mysqldump ${client} --single-transaction ${name} | mysql ${client} test_${name}`], {
        timeoutMs: 120_000,
      });
      if (copied.code !== 0) throw new Error(describeRun(`mysqldump ${name} | mysql test_${name}`, copied));
    },
  };
}

/** A database of the project's engine; SQLite gets a file in `dir`. */
export async function createDatabase(engine: DatabaseEngine, prefix: string, dir: string): Promise<TestDatabase> {
  if (engine === 'postgresql') return createPostgresDatabase(prefix);
  if (engine === 'mysql') return createMysqlDatabase(prefix);
  const name = uniqueName(prefix);
  const path = join(dir, `${name}.sqlite3`);
  return { name, url: `sqlite:///${path}`, drop: async () => rmSync(path, { force: true }) };
}

// ---------------------------------------------------------------- Redis

/** Claims of Redis db numbers, one folder per number, shared by every process of the run. */
const redisClaims = join(tmpdir(), 'djangoflow-test-redis-dbs');

export interface TestRedis {
  db: number;
  /** `redis://127.0.0.1:6379/<db>` */
  url: string;
  /** Flushes the db and gives its number back. */
  release(): Promise<void>;
}

/**
 * A Redis db number (1–15; 0 is left to people) no other test holds, flushed. A claim
 * whose process died is taken over.
 */
export async function claimRedisDb(): Promise<TestRedis> {
  await requireService('redis');
  mkdirSync(redisClaims, { recursive: true });
  for (let db = 1; db <= 15; db++) {
    const claim = join(redisClaims, String(db));
    try {
      mkdirSync(claim);
    } catch {
      const ownerFile = join(claim, 'pid');
      // No pid file yet: its owner is between mkdir and write, so the claim is live.
      const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8')) : NaN;
      if (!Number.isInteger(owner) || isAlive(owner)) continue;
      rmSync(claim, { recursive: true, force: true });
      try {
        mkdirSync(claim);
      } catch {
        continue;
      }
    }
    writeFileSync(join(claim, 'pid'), String(process.pid));
    const flush = async (): Promise<void> => {
      const result = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(servicePorts.redis), '-n', String(db), 'FLUSHDB']);
      if (result.code !== 0) throw new Error(describeRun('redis-cli FLUSHDB', result));
    };
    await flush();
    return {
      db,
      url: `redis://127.0.0.1:${servicePorts.redis}/${db}`,
      release: async () => {
        await flush().finally(() => rmSync(claim, { recursive: true, force: true }));
      },
    };
  }
  throw new Error(`all Redis db numbers 1-15 are claimed (see ${redisClaims})`);
}

// ---------------------------------------------------------------- RabbitMQ

/** The machine's RabbitMQ as a Celery broker URL (guest/guest on the default vhost). */
export async function rabbitmqUrl(): Promise<string> {
  await requireService('rabbitmq');
  return `amqp://guest:guest@127.0.0.1:${servicePorts.rabbitmq}//`;
}
