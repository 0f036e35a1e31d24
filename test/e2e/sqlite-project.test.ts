/** A SQLite project (no database server, no API, local-memory cache) on its pinned stack. */
import { describeRealStack } from '../support/real-stack.js';

describeRealStack('a SQLite project without API or Redis (--database sqlite --api none --cache locmem)', [
  '--defaults',
  '--project-name',
  'Pocket Notes',
  '--database',
  'sqlite',
  '--api',
  'none',
  '--cache',
  'locmem',
]);
