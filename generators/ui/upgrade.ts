/**
 * The Upgrade section's questions: the ones this generator version added (the record has no
 * answer for them, lib/record/upgrade-next.ts), drawn as the Project form draws them, and the
 * answers an upgrade would record for them. The change itself is `djangoflow upgrade`'s own
 * next state (changes.ts); nothing is resolved here a second time.
 */
import { addedQuestions } from '../../lib/record/upgrade-next.js';
import { findQuestion } from '../../lib/questions/table.js';
import { coerceAnswer, optionName } from '../../lib/questions/question.js';
import type { ProjectState } from '../../lib/record/state.js';
import type { TemplateSet } from '../../lib/template-set/index.js';
import type { AnswerValue, Field } from './api-types.js';
import { formFields } from './form.js';

/**
 * The added questions as the page's fields (same labels, groups and choices as the Project
 * form). A plugin's question is shown outright, its plugin named in the label: the plugin is on.
 */
export function addedFields(previous: ProjectState, templates: TemplateSet): Field[] {
  const fields = formFields(templates.catalog);
  return addedQuestions(previous, templates.catalog).flatMap(({ question, plugin }) => {
    const field = fields.find((f) => f.name === question.name && f.plugin === plugin);
    return field ? [plugin ? { ...field, plugin: undefined, label: `${field.label} (${plugin})` } : field] : [];
  });
}

/** The added questions' answers in the next state (given, or the defaults taken). */
export function addedAnswers(previous: ProjectState, templates: TemplateSet, next: ProjectState): Record<string, AnswerValue> {
  return Object.fromEntries(
    addedQuestions(previous, templates.catalog).flatMap(({ question }) => (question.name in next.answers ? [[question.name, next.answers[question.name]!]] : [])),
  );
}

/**
 * The given answer a refusal is about: the one whose own check gives that message, or whose
 * option the message names first (`--deploy kubernetes needs ...`); undefined when none is.
 */
export function refusedAnswer(previous: ProjectState, given: Record<string, AnswerValue>, message: string): string | undefined {
  const answers = { ...previous.answers, ...given };
  const names = Object.keys(given);
  return (
    names.find((name) => {
      const question = findQuestion(name);
      const result = question && coerceAnswer(question, given[name], answers);
      return result && 'problem' in result && message.startsWith(result.problem);
    }) ?? names.find((name) => message.startsWith(`--${optionName({ name })} `))
  );
}
