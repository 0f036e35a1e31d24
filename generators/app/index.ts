import { yeomanGenerator } from '../../lib/yeoman.js';

/** `yo djangoflow`: generate or regenerate a project (generators/app/command.ts). */
export default yeomanGenerator('');
