/** `yo djangoflow:upgrade`: reconcile the project with this generator version (command.ts). */
// The Yeoman entry belongs to the shell (cli/yeoman.ts); it sits here because Yeoman looks here.
import { yeomanGenerator } from '../../cli/yeoman.js';
import { upgradeSpec } from './spec.js';

export default yeomanGenerator(upgradeSpec);
