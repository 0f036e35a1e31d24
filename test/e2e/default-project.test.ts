import { describeEndToEnd } from '../support/e2e.js';

describeEndToEnd('the default project (djangoflow --defaults --project-name "Acme Shop")', [
  '--defaults',
  '--project-name',
  'Acme Shop',
]);
