/** `djangoflow ui`'s spec: a local web page over the same commands (generate, change answers and plugins, upgrade). */
import type { CommandSpec, OptionsOf, OptionSpec } from '../../lib/run/command.js';
import { commonOptionsAs } from '../options.js';

const options = [
  { name: 'port', type: 'string', valueName: 'number', description: 'Port on 127.0.0.1 to listen on (default: a free one)' },
  { name: 'open', type: 'boolean', description: 'Open the page in a browser (default: yes when there is a desktop; --no-open to only print the URL)' },
  ...commonOptionsAs({
    defaults: 'Accepted as by every command: the form starts from the defaults (or the recorded answers) anyway',
    force: 'As for every command: generate into a non-empty folder, or reconcile a dirty git tree',
    'dry-run': "The page's Apply prints the action per file and writes nothing (Preview never writes)",
    verbose: "The page's Apply prints the action per file, not only the summary",
  }),
] as const satisfies readonly OptionSpec[];
export type UiOptions = OptionsOf<typeof options>;

export const uiSpec: CommandSpec<typeof options> = {
  name: 'ui',
  usage: 'djangoflow ui [--port <number>] [--no-open] [options]',
  summary: 'Create or change the project from a form in the browser (local, 127.0.0.1 only; previews every file before writing)',
  options,
  // The server and its page are a chunk of their own: other commands never load them.
  load: () => import('./command.js'),
};
