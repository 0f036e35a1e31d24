/**
 * Free text as input and in messages: what a typed text may hold (any printable Unicode;
 * control characters and bidirectional controls are refused), and how any text is shown in a one-line message
 * (control characters, line breaks and escape sequences escaped, never echoed raw).
 */

/**
 * C0, DEL and C1 controls (U+0085 included), and lone surrogates (with the `u` flag a pair is
 * one code point, so only a lone half matches \p{Cs}): never part of a typed text.
 */
const controlCharacter = /[\p{Cc}\p{Cs}]/u;

/**
 * Unicode's Bidi_Control characters (marks, embeddings, overrides, isolates). Free text lands
 * in comments, docstrings and string literals: there they would make the code display
 * otherwise than it runs ("Trojan Source"), so they are refused, not escaped.
 */
const bidiControl = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * What a terminal or a reader could take for something other than the text itself: controls,
 * Unicode line and paragraph separators, bidi overrides and isolates, lone surrogates.
 */
const unshowable = /[\p{Cc}\p{Cs}\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;

/** The `\uXXXX` (or `\xXX`) spelling of one character. */
export function escapeCharacter(char: string): string {
  const code = char.codePointAt(0)!;
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text as a message may show it: one line, nothing a terminal would act on. */
export function shown(text: string): string {
  return text.replace(unshowable, escapeCharacter);
}

/** The longest value a message quotes whole: a longer one (a pasted file) is cut, its length said. */
const quoteLimit = 120;

/** A value quoted for a message: `"a\nb"`; `"aaa…" (100000 characters)` when it is long. */
export function quoted(text: string): string {
  const chars = [...text];
  if (chars.length <= quoteLimit) return `"${shown(text)}"`;
  return `"${shown(chars.slice(0, quoteLimit).join(''))}…" (${chars.length} characters)`;
}

/** A word shown unquoted in a message (an unknown option), cut like a quoted value when long. */
export function clipped(text: string): string {
  const chars = [...text];
  if (chars.length <= quoteLimit) return shown(text);
  return `${shown(chars.slice(0, quoteLimit).join(''))}… (${chars.length} characters)`;
}

/** Why `value` cannot be a free-text answer (project name, description, author), or null. */
export function freeTextProblem(value: string, what: string, maxLength: number): string | null {
  if (value.trim() === '') return `${what} must not be empty`;
  const bad = controlCharacter.exec(value);
  if (bad) return `${what} must not contain control characters (found ${escapeCharacter(bad[0])})`;
  const bidi = bidiControl.exec(value);
  if (bidi) {
    return `${what} must not contain bidirectional control characters, which make code display otherwise than it runs (found ${escapeCharacter(bidi[0])})`;
  }
  if ([...value].length > maxLength) return `${what} must be at most ${maxLength} characters`;
  return null;
}
