/** `yo djangoflow:adopt-app <name>`: record an app made by hand (command.ts). */
// The Yeoman entry belongs to the shell (cli/yeoman.ts); it sits here because Yeoman looks here.
import { yeomanGenerator } from '../../cli/yeoman.js';
import { adoptAppSpec } from './spec.js';

export default yeomanGenerator(adoptAppSpec);
