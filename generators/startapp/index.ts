/** `yo djangoflow:startapp <name>`: add a Django app to the project (command.ts). */
// The Yeoman entry belongs to the shell (cli/yeoman.ts); it sits here because Yeoman looks here.
import { yeomanGenerator } from '../../cli/yeoman.js';
import { startappSpec } from './spec.js';

export default yeomanGenerator(startappSpec);
