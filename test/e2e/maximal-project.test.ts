/**
 * The richest project the questions make (ASGI on uvicorn workers, Celery, Redis cache,
 * S3 storage, Amazon SES mail, Sentry, CI, Docker, Kubernetes) on its pinned stack, and
 * a Celery worker running a task through Redis.
 */
import { celeryRunsATask } from '../support/celery-task.js';
import { describeRealStack } from '../support/real-stack.js';
import { describeRun } from '../support/process.js';

describeRealStack(
  'the maximal project (--asgi --celery --cache redis --storage s3 --email amazon-ses --sentry ...)',
  [
    '--defaults',
    '--project-name',
    'Harbor Ops',
    '--database',
    'postgresql',
    '--api',
    'drf',
    '--asgi',
    '--celery',
    '--cache',
    'redis',
    '--storage',
    's3',
    '--email',
    'amazon-ses',
    '--sentry',
    '--ci',
    'github',
    '--pre-commit',
    '--docker',
    '--deploy',
    'kubernetes',
  ],
  {
    extra: (project) => {
      test('a Celery worker runs a task sent through Redis', async () => {
        const { result, log } = await celeryRunsATask(project());
        expect({ code: result.code, stdout: result.stdout, output: `${describeRun('shell', result)}\n${log}` }).toMatchObject({
          code: 0,
          stdout: expect.stringContaining('result 5'),
        });
        expect(log).toMatch(/Task core\.e2e_tasks\.add\[[\w-]+\] succeeded/);
      }, 300_000);
    },
  },
);
