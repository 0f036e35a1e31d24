/**
 * The questions `djangoflow plugin` takes as options, derived from the catalog: a main
 * question that needs a choice to switch its plugin on (`--storage s3`), and every question a
 * manifest asks (`--api-namespace v2`). Each belongs to the plugins listed in `owners`.
 */
import { type Catalog, type PluginManifest } from '../../lib/plugins/manifest.js';
import { pluginQuestion } from '../../lib/plugins/questions.js';
import { findQuestion } from '../../lib/questions/table.js';
import { type Question } from '../../lib/questions/question.js';

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

export function pluginOptions(catalog: Catalog): PluginOption[] {
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
