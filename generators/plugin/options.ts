import type { OptionSpec } from '../../lib/cli/args.js';
import { commonOptions } from '../../lib/cli/options.js';
import { templatesDir } from '../../lib/paths.js';
import { type PluginManifest, loadCatalog, pluginQuestion } from '../../lib/plugins.js';
import { type Question, findQuestion, optionName } from '../../lib/questions.js';

/**
 * The options of `djangoflow plugin`, derived from the catalog: a main question that needs a
 * choice to switch its plugin on (`--storage s3`), and every question a manifest asks
 * (`--api-namespace v2`). Each belongs to the plugins listed in `owners`.
 */
export interface PluginOption {
  question: Question;
  owners: string[];
}

/** The main question that is this plugin, restricted to the answers that switch it on. */
export function enablingQuestion(plugin: PluginManifest): Question | undefined {
  const enabledBy = plugin.enabledBy;
  const question = enabledBy && findQuestion(enabledBy.question);
  if (!question || enabledBy.values.length < 2 || !question.choices) return undefined;
  return {
    ...question,
    message: `${question.message} (${plugin.name})`,
    choices: question.choices.filter((c) => enabledBy.values.includes(c.value)),
    default: enabledBy.values[0]!,
  };
}

export function pluginOptions(catalog: Map<string, PluginManifest>): PluginOption[] {
  const options = new Map<string, PluginOption>();
  const add = (question: Question, owner: string) => {
    const known = options.get(question.name);
    if (known) known.owners.push(owner);
    else options.set(question.name, { question, owners: [owner] });
  };
  for (const plugin of catalog.values()) {
    const enabling = enablingQuestion(plugin);
    if (enabling) add(enabling, plugin.name);
    for (const question of plugin.questions) add(pluginQuestion(question), plugin.name);
  }
  return [...options.values()];
}

export const ownOptions: OptionSpec[] = [
  { name: 'list', type: 'boolean', description: 'Show the catalog: each plugin, whether it is installed, its dependencies' },
  { name: 'remove', type: 'boolean', description: 'Take the plugin out again (refused while another plugin requires it)' },
];

/** Every option of the command, for parsing, --help and the Yeoman generator. */
export function pluginCommandOptions(): OptionSpec[] {
  const fromCatalog = pluginOptions(loadCatalog(templatesDir())).map(({ question, owners }) => ({
    name: optionName(question),
    type: question.type === 'confirm' ? ('boolean' as const) : ('string' as const),
    description: `${owners.join(', ')}: ${question.description}${question.choices ? ` (${question.choices.map((c) => c.value).join(' | ')})` : ''}`,
    valueName: question.type === 'confirm' ? undefined : 'value',
  }));
  return [...ownOptions, ...fromCatalog, ...commonOptions];
}
