/** `yo djangoflow:ui`: the local web page (generators/ui/command.ts). */
// The Yeoman entry belongs to the shell (cli/yeoman.ts); it sits here because Yeoman looks here.
import { yeomanGenerator } from '../../cli/yeoman.js';
import { uiSpec } from './spec.js';

export default yeomanGenerator(uiSpec);
