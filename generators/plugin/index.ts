import { yeomanGenerator } from '../../lib/yeoman.js';

/** `yo djangoflow:plugin <name>`: add, remove (--remove) or list (--list) plugins (command.ts). */
export default yeomanGenerator('plugin');
