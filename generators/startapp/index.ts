import { yeomanGenerator } from '../../lib/yeoman.js';

/** `yo djangoflow:startapp <name>`: add a Django app to the project (command.ts). */
export default yeomanGenerator('startapp');
