/**
 * The Upgrade section's questions: the ones this djangoflow version added (the project's
 * record has no answer for them), drawn as the Project form draws its own (fieldsets by
 * group, radios for small choices, labels, hints and announced errors). Each answer asks for a
 * fresh preview of `djangoflow upgrade --<question> <value> --defaults`; untouched questions
 * show the defaults the upgrade takes.
 */
import type { AnswerValue, ChangePreview, Field, ProjectChange } from '../api-types.js';
import { debounce, el } from './dom.js';
import { drawFields, showResolved } from './fields.js';

export interface UpgradeSection {
  /** The upgrade with the answers given so far. */
  change(): ProjectChange;
  /** Draws the added questions afresh, no answer given (none left after an upgrade is applied). */
  draw(questions: Field[]): void;
  /** A preview's values (the defaults follow earlier answers) and its refusal under the question it is about. */
  show(preview: ChangePreview): void;
}

export function upgradeSection(container: HTMLElement, propose: (change: ProjectChange) => void): UpgradeSection {
  let answers: Record<string, AnswerValue> = {};
  let form: HTMLFormElement | undefined;
  const change = (): ProjectChange => ({ kind: 'upgrade', answers: { ...answers } });
  const proposeSoon = debounce(() => propose(change()), 150);
  return {
    change,
    draw(questions) {
      answers = {};
      form = undefined;
      if (!questions.length) return container.replaceChildren();
      form = el('form', { id: 'upgrade-form', novalidate: true, 'aria-labelledby': 'upgrade-questions-title' });
      drawFields(form, questions, (name, value) => {
        answers[name] = value;
        proposeSoon();
      }, 'upgrade-field');
      const count = questions.length === 1 ? 'one question' : `${questions.length} questions`;
      container.replaceChildren(
        el('h3', { id: 'upgrade-questions-title' }, 'New questions'),
        el('p', { class: 'hint' }, `This version asks ${count} the project's record has no answer for. The defaults are shown; answer before you apply.`),
        form,
      );
    },
    show(preview) {
      if (!form) return;
      const problems = preview.error && preview.errorField ? { [preview.errorField]: preview.error } : {};
      showResolved(form, { values: preview.answers ?? {}, problems, active: [] }, new Set(Object.keys(answers)), new Set());
    },
  };
}
