/** `yo djangoflow:plugin <name>`: add, remove (--remove) or list (--list) plugins (command.ts). */
// The Yeoman entry belongs to the shell (cli/yeoman.ts); it sits here because Yeoman looks here.
import { yeomanGenerator } from '../../cli/yeoman.js';
import { pluginSpec } from './spec.js';

export default yeomanGenerator(pluginSpec);
