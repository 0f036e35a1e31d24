/** A MySQL project on its pinned stack (mysqlclient), migrated and tested on the machine's MariaDB. */
import { describeRealStack } from '../support/real-stack.js';

describeRealStack('a MySQL project (--database mysql) on MariaDB', [
  '--defaults',
  '--project-name',
  'Dolphin Works',
  '--database',
  'mysql',
]);
