/** A project for Python 3.12 (--python-version 3.12), installed on pyenv's 3.12. */
import { describeRealStack } from '../support/real-stack.js';

describeRealStack('a Python 3.12 project (--python-version 3.12)', [
  '--defaults',
  '--project-name',
  'Twelve Labs',
  '--python-version',
  '3.12',
]);
