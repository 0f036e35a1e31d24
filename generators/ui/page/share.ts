/**
 * A new project's answers and plugins as a link fragment (`#share=...`, base64url JSON), and
 * back: the fragment never reaches a server (browsers do not send it) and carries no secret
 * (the form has none: a wizard's secrets go to .env from a terminal). Opening `djangoflow ui`'s
 * address with the fragment added restores the form.
 */
import type { AnswerValue, FormInput } from '../api-types.js';

const prefix = '#share=';

const toBase64Url = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text: string) => new TextDecoder().decode(Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));

export function shareFragment(input: FormInput): string {
  return prefix + toBase64Url(JSON.stringify({ answers: input.answers, plugins: input.plugins }));
}

/** The form input of a fragment (or of a whole link holding one); null when there is none or it does not read. */
export function readShare(text: string): FormInput | null {
  const at = text.indexOf(prefix);
  if (at < 0) return null;
  try {
    const value = JSON.parse(fromBase64Url(text.slice(at + prefix.length).trim())) as { answers?: unknown; plugins?: unknown };
    const answers: Record<string, AnswerValue> = {};
    for (const [name, answer] of Object.entries((value.answers ?? {}) as Record<string, unknown>)) {
      if (typeof answer === 'string' || typeof answer === 'boolean') answers[name] = answer;
    }
    const plugins = Array.isArray(value.plugins) ? value.plugins.filter((p): p is string => typeof p === 'string') : [];
    return { answers, plugins };
  } catch {
    return null;
  }
}

/** Puts restored answers into the form's controls (the page then previews them as typed). */
export function fillForm(root: HTMLElement, answers: Record<string, AnswerValue>): void {
  for (const [name, value] of Object.entries(answers)) {
    const group = root.querySelector<HTMLElement>(`[data-items="${CSS.escape(name)}"]`);
    if (group) {
      const items = String(value).split(',');
      group.querySelectorAll<HTMLInputElement>('input').forEach((box) => (box.checked = items.includes(box.value)));
      continue;
    }
    const control = root.querySelector<HTMLInputElement | HTMLSelectElement>(`.field [name="${CSS.escape(name)}"]`);
    if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = value === true;
    else if (control) control.value = String(value);
  }
}
