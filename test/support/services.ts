import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { freePort, waitFor } from './ports.js';
import { describeRun, run } from './process.js';
import { makeTempDir, removeTempDir } from './tempdir.js';

/**
 * Throwaway PostgreSQL and Redis servers on 127.0.0.1, one folder each under the temp dir.
 * Every running service is recorded in `serviceRegistry` so that `.ci/run` can stop what an
 * interrupted run left behind (`stop_stale_test_services`); a clean stop removes the record.
 */
export const serviceRegistry = join(tmpdir(), 'djangoflow-test-services');

export function register(dir: string, fields: Record<string, string | number>): string {
  mkdirSync(serviceRegistry, { recursive: true });
  const record = join(serviceRegistry, `${basename(dir)}.service`);
  writeFileSync(
    record,
    Object.entries(fields)
      .map(([key, value]) => `${key}=${value}\n`)
      .join(''),
  );
  return record;
}

/** Stops leftovers when the test process exits without calling stop() (e.g. a failed beforeAll). */
export const exitHooks = new Set<() => void>();
process.on('exit', () => exitHooks.forEach((hook) => hook()));

// ---------------------------------------------------------------- PostgreSQL

export interface Postgres {
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/<database>` (trust authentication). */
  url(database: string): string;
  /** Creates the database and returns its DATABASE_URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's binaries (Debian: /usr/lib/postgresql/<major>/bin). */
export function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)) : [];
  if (majors.length === 0) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin)');
  return join(root, String(Math.max(...majors.map(Number))), 'bin');
}

const runningAsRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: run its tools as the `postgres` user then. */
function asPostgresUser(binary: string, args: string[]): [string, string[]] {
  return runningAsRoot ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
}

async function mustRun(label: string, [command, args]: [string, string[]], timeoutMs = 60_000): Promise<string> {
  const result = await run(command, args, { timeoutMs });
  if (result.code !== 0) throw new Error(describeRun(label, result));
  return result.stdout;
}

export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBinDir();
  const dir = makeTempDir('pg');
  const data = join(dir, 'data');
  if (runningAsRoot) {
    const uid = Number((await mustRun('id -u postgres', ['id', ['-u', 'postgres']])).trim());
    const gid = Number((await mustRun('id -g postgres', ['id', ['-g', 'postgres']])).trim());
    chownSync(dir, uid, gid);
  }
  await mustRun(
    'initdb',
    asPostgresUser(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ]),
  );
  const port = await freePort();
  // fsync off (-F): the cluster is thrown away. Sockets go to our folder, not /var/run.
  const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -F`;
  await mustRun(
    'pg_ctl start',
    asPostgresUser(join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-o',
      serverOptions,
      '-w',
      '-t',
      '60',
      'start',
    ]),
  );
  const record = register(dir, { kind: 'postgres', dir, data, bin });
  const stopNow = (): void => {
    const [command, args] = asPostgresUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    spawnSync(command, args, { stdio: 'ignore' });
    rmSync(record, { force: true });
    removeTempDir(dir);
  };
  exitHooks.add(stopNow);

  const url = (database: string): string => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      await mustRun(`createdb ${name}`, [
        join(bin, 'psql'),
        [
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-U',
          'postgres',
          '-d',
          'postgres',
          '-v',
          'ON_ERROR_STOP=1',
          '-qc',
          `CREATE DATABASE ${name}`,
        ],
      ]);
      return url(name);
    },
    async stop() {
      exitHooks.delete(stopNow);
      await mustRun('pg_ctl stop', asPostgresUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']));
      rmSync(record, { force: true });
      removeTempDir(dir);
    },
  };
}

// ---------------------------------------------------------------- Redis

export interface Redis {
  port: number;
  /** `redis://127.0.0.1:<port>/<db>` */
  url(db?: number): string;
  stop(): Promise<void>;
}

/** Sends PING and resolves whether the answer was +PONG. */
export function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let answer = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startRedis(): Promise<Redis> {
  const dir = makeTempDir('redis');
  const port = await freePort();
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  );
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const record = register(dir, { kind: 'redis', pid: child.pid ?? 0, dir });
  const stopNow = (): void => {
    child.kill('SIGKILL');
    rmSync(record, { force: true });
    removeTempDir(dir);
  };
  exitHooks.add(stopNow);
  try {
    await waitFor(
      `redis-server on port ${port}`,
      async () => {
        if (spawnError || child.exitCode !== null)
          throw new Error(`redis-server did not start: ${spawnError ?? `exit ${child.exitCode}`}`);
        return redisPing(port);
      },
      15_000,
    );
  } catch (error) {
    exitHooks.delete(stopNow);
    stopNow();
    throw error;
  }
  return {
    port,
    url: (db = 0) => `redis://127.0.0.1:${port}/${db}`,
    async stop() {
      exitHooks.delete(stopNow);
      child.kill('SIGTERM');
      await exited(child);
      rmSync(record, { force: true });
      removeTempDir(dir);
    },
  };
}
