/** `yo djangoflow:model <app> <Model> field:type ...`: add or grow a model (command.ts). */
// The Yeoman entry belongs to the shell (cli/yeoman.ts); it sits here because Yeoman looks here.
import { yeomanGenerator } from '../../cli/yeoman.js';
import { modelSpec } from './spec.js';

export default yeomanGenerator(modelSpec);
