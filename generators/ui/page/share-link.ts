/**
 * The shareable link's content, with neither the DOM nor Node (unit-tested directly): a new
 * project's answers and plugins as a link fragment (`#share=...`, base64url JSON) and back.
 * The fragment never reaches a server (browsers do not send it) and never carries a secret:
 * `shareLink` drops every field the server marks secret (an integration wizard's keys, which
 * go to .env only) before anything is encoded.
 */
import type { AnswerValue, Field, FormInput } from '../api-types.js';

const prefix = '#share=';

const toBase64Url = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text: string) => new TextDecoder().decode(Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));

/** The form input without the secret fields' answers (the only form input a link may hold). */
export function withoutSecrets(input: FormInput, fields: readonly Pick<Field, 'name' | 'secret'>[]): FormInput {
  const secrets = new Set(fields.filter((f) => f.secret).map((f) => f.name));
  return { answers: Object.fromEntries(Object.entries(input.answers).filter(([name]) => !secrets.has(name))), plugins: [...input.plugins] };
}

export function shareFragment(input: FormInput): string {
  return prefix + toBase64Url(JSON.stringify({ answers: input.answers, plugins: input.plugins }));
}

/** The link Copy link copies: the page's address and the form's fragment, secrets left out. */
export function shareLink(origin: string, input: FormInput, fields: readonly Pick<Field, 'name' | 'secret'>[]): string {
  return `${origin}/${shareFragment(withoutSecrets(input, fields))}`;
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
