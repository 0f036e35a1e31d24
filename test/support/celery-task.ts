/**
 * Celery on a generated project's real stack: a worker of its pinned celery runs a task
 * sent through its Redis. The result wait is generous: on a loaded 2-core machine the
 * worker alone can take a minute to boot.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from './process.js';
import { manage } from './python.js';
import type { RealProject } from './real-stack.js';

/**
 * A Celery worker of the project (its pinned celery, local settings) runs a task sent
 * through the project's Redis; the task module is written for the test and removed after.
 */
export async function celeryRunsATask(project: RealProject): Promise<{ result: RunResult; log: string }> {
  const { dir, stack, redis } = project;
  if (!redis) throw new Error('the project has no Redis to broker Celery tasks');
  const taskFile = join(dir, 'src/apps/core/e2e_tasks.py');
  writeFileSync(taskFile, 'from celery import shared_task\n\n\n@shared_task\ndef add(x, y):\n    return x + y\n');
  const env = {
    DJANGO_SETTINGS_MODULE: 'config.settings.local',
    DJANGO_READ_ENV_FILE: 'False',
    DATABASE_URL: project.database.url,
    REDIS_URL: redis.url,
    CELERY_BROKER_URL: redis.url,
    CELERY_RESULT_BACKEND: redis.url,
  };
  const worker = spawn(
    stack.bin('celery'),
    ['-A', 'config.celery_app', 'worker', '--pool', 'solo', '--loglevel', 'INFO', '--include', 'core.e2e_tasks'],
    { cwd: join(dir, 'src'), env: stack.env(env), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  worker.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  worker.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  try {
    const result = await manage(
      dir,
      ['shell', '-c', 'from core.e2e_tasks import add; print("result", add.delay(2, 3).get(timeout=180))'],
      env,
    );
    return { result, log };
  } finally {
    worker.kill('SIGTERM');
    await new Promise((resolve) => (worker.exitCode === null ? worker.once('close', resolve) : resolve(null)));
    rmSync(taskFile, { force: true });
  }
}
