/** `yo djangoflow:settings`: the settings table per environment (command.ts). */
// The Yeoman entry belongs to the shell (cli/yeoman.ts); it sits here because Yeoman looks here.
import { yeomanGenerator } from '../../cli/yeoman.js';
import { settingsSpec } from './spec.js';

export default yeomanGenerator(settingsSpec);
