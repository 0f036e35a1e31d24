/** `yo djangoflow`: generate or regenerate a project (generators/app/command.ts). */
// The Yeoman entry belongs to the shell (cli/yeoman.ts); it sits here because Yeoman looks here.
import { yeomanGenerator } from '../../cli/yeoman.js';
import { appSpec } from './spec.js';

export default yeomanGenerator(appSpec);
