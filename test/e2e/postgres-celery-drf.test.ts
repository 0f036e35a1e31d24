import { describeEndToEnd } from '../support/e2e.js';

describeEndToEnd('a PostgreSQL + Celery + DRF project', [
  '--defaults',
  '--project-name',
  'Harbor Ops',
  '--database=postgresql',
  '--celery',
  '--api=drf',
]);
