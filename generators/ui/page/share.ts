/**
 * A shared link's answers put back into the form's controls (the link itself, without its
 * secrets, is made and read by share-link.ts). Opening `djangoflow ui`'s address with the
 * fragment added restores the form.
 */
import type { AnswerValue } from '../api-types.js';

/** Puts restored answers into the form's controls (the page then previews them as typed). */
export function fillForm(root: HTMLElement, answers: Record<string, AnswerValue>): void {
  for (const [name, value] of Object.entries(answers)) {
    const group = root.querySelector<HTMLElement>(`[data-items="${CSS.escape(name)}"]`);
    if (group) {
      const items = String(value).split(',');
      group.querySelectorAll<HTMLInputElement>('input').forEach((box) => (box.checked = items.includes(box.value)));
      continue;
    }
    const radios = root.querySelector<HTMLElement>(`[data-radios="${CSS.escape(name)}"]`);
    if (radios) {
      radios.querySelectorAll<HTMLInputElement>('input').forEach((radio) => (radio.checked = radio.value === String(value)));
      continue;
    }
    const control = root.querySelector<HTMLInputElement | HTMLSelectElement>(`.field [name="${CSS.escape(name)}"]`);
    if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = value === true;
    else if (control) control.value = String(value);
  }
}
