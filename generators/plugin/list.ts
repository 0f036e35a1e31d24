/**
 * `djangoflow plugin --list`: one block per plugin, DF modules after the integrations; an
 * installed plugin's recorded answers as the options that change them. Outside a project (no
 * state) the installed column is left out.
 */
import type { Catalog, PluginQuestion } from '../../lib/plugins/manifest.js';
import { findQuestion } from '../../lib/questions/table.js';
import { type AnswerValue, optionName } from '../../lib/questions/question.js';
import type { ProjectState } from '../../lib/record/state.js';
import { quoted } from '../../lib/input/text.js';
import { answerWords } from '../options.js';
import { describePresence, presence } from './toggle.js';

/** An answer as the option that gives it (answerWords), its value quoted unless a plain word. */
const answerOption = (question: PluginQuestion, value: AnswerValue): string =>
  answerWords(question, value)
    .map((word) => (/^[\w.,:@/-]+$/.test(word) ? word : quoted(word)))
    .join(' ');

export function catalogLines(catalog: Catalog, state: ProjectState | null): string[] {
  const present = state ? presence(catalog, state) : new Map();
  const plugins = [...catalog.values()].sort((a, b) => a.kind.localeCompare(b.kind) * -1 || a.name.localeCompare(b.name));
  const width = Math.max(...plugins.map((p) => p.name.length)) + 2;
  const lines: string[] = [];
  for (const plugin of plugins) {
    const how = present.get(plugin.name);
    const mark = !state ? ' ' : how ? '*' : '-';
    lines.push(`${mark} ${plugin.name.padEnd(width)}${plugin.summary}`);
    const details: string[] = [];
    if (plugin.unavailable) details.push(`not offered: ${plugin.unavailable}${how ? '; remove it: djangoflow plugin --remove ' + plugin.name : ''}`);
    else if (state) details.push(how ? `installed ${describePresence(how)}` : 'not installed');
    if (how && state) {
      // Its recorded answers, as the options that change them (a wizard's settings are in .env, never listed).
      const answered = plugin.questions.filter((q) => !q.setting && state.answers[q.name] !== undefined);
      if (answered.length) details.push(`answers ${answered.map((q) => answerOption(q, state.answers[q.name]!)).join(' ')}`);
    }
    if (plugin.kind === 'df-module') details.push('DF module');
    const question = plugin.enabledBy && findQuestion(plugin.enabledBy.question);
    if (question) details.push(`the answer of --${optionName(question)}`);
    if (plugin.requires.length) details.push(`requires ${plugin.requires.join(', ')}`);
    if (plugin.conflicts.length) details.push(`conflicts with ${plugin.conflicts.join(', ')}`);
    for (const refused of plugin.refusedAnswers ?? []) details.push(`not with --${optionName(findQuestion(refused.question)!)} ${refused.values.join(', ')}`);
    const implied = Object.entries(plugin.implies ?? {}).map(([name, value]) => `${name}=${String(value)}`);
    if (implied.length) details.push(`implies ${implied.join(', ')}`);
    if (details.length) lines.push(`  ${' '.repeat(width)}${details.join('; ')}`);
  }
  if (state) lines.push('', '* installed   - not installed');
  return lines;
}
