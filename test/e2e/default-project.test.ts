/** The default project on its pinned stack: Python 3.13, PostgreSQL, DRF, Redis cache. */
import { describeRealStack } from '../support/real-stack.js';

describeRealStack('the default project (djangoflow --defaults --project-name "Acme Shop")', [
  '--defaults',
  '--project-name',
  'Acme Shop',
]);
