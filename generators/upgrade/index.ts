import { yeomanGenerator } from '../../lib/yeoman.js';

/** `yo djangoflow:upgrade`: reconcile the project with this generator version (command.ts). */
export default yeomanGenerator('upgrade');
