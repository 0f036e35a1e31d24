/**
 * Escaping free text for each place a template puts it: one helper per destination, each
 * returning text that reads back as exactly the input there (or, for comments and derived
 * names, a faithful one-line form). Templates never print an answer raw into code or markup.
 */
import { escapeCharacter } from '../input/text.js';

/**
 * Characters some reader takes for a line break: Python's str.splitlines (django-environ
 * reads .env with it), YAML 1.1, JavaScript, editors. Kept out of every one-line destination.
 */
const lineBreakingClass = '[\\n\\r\\v\\f\\x1c-\\x1e\\x85\\u2028\\u2029]';
const lineBreaking = new RegExp(lineBreakingClass, 'g');
const hasLineBreak = new RegExp(lineBreakingClass);
/** Every other control character, and lone surrogates. */
const otherControls = /[\p{Cc}\p{Cs}]/gu;
const hasControl = /[\p{Cc}\p{Cs}]/u;

/** Text on one line: line breaks and controls spelled `\uXXXX`, for comments and prose. */
export function oneLine(text: string): string {
  return text.replace(lineBreaking, escapeCharacter).replace(otherControls, escapeCharacter);
}

/** A double-quoted Python string literal: `"The \"best\" shop"`. */
export function pyString(text: string): string {
  return `"${pyStringBody(text)}"`;
}

/** The inside of a double-quoted Python string (or docstring): quotes, backslashes and breaks escaped. */
export function pyStringBody(text: string): string {
  return oneLine(text.replace(/\\/g, '\\\\').replace(/"/g, '\\"'));
}

/** A line of a `#` comment (Python, shell, YAML, TOML, Dockerfile, .env): one line, as typed. */
export const comment = oneLine;

/** A double-quoted JSON string; U+2028/U+2029 escaped too (JSON.stringify keeps them raw). */
export function jsonString(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029]/g, escapeCharacter);
}

/** A double-quoted YAML scalar: YAML's double-quoted escapes are a superset of JSON's. */
export function yamlString(text: string): string {
  return jsonString(text).replace(/\x85/g, '\\N');
}

/** A TOML basic string: `\\`, `"` and control characters escaped (TOML spells them \uXXXX). */
export function tomlString(text: string): string {
  const body = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/[\p{Cc}\u2028\u2029]/gu, (char) => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`);
  return `"${body}"`;
}

/** A single-quoted POSIX shell word: nothing inside is expanded. */
export function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Characters HTML or Django's template lexer would read as markup: spelled as numeric references. */
const htmlSpecial = /[&<>"'{}%#]/g;

/**
 * Text in HTML (element content or a quoted attribute) of a Django template: HTML's specials
 * and the braces, `%` and `#` that open Django tags, so `{{ request.META }}` shows as typed
 * and is never evaluated.
 */
export function htmlText(text: string): string {
  const reference = (char: string) => `&#${char.codePointAt(0)};`;
  // A line separator as a reference too: the page shows the character, the template stays one line.
  return text.replace(htmlSpecial, reference).replace(lineBreaking, reference).replace(otherControls, reference);
}

/** ASCII punctuation Markdown (CommonMark, GFM tables) may read as syntax anywhere in a line. */
const markdownSpecial = /[\\`*_[\]<>#|~&!{}$]/g;

/**
 * Inline Markdown text: punctuation that could start emphasis, code, links, HTML or a table
 * cell backslash-escaped (CommonMark allows escaping any ASCII punctuation), and a leading
 * `-`, `+`, `=` or `1.` that would start a list or heading.
 */
export function markdownText(text: string): string {
  const escaped = oneLine(text).replace(markdownSpecial, (char) => `\\${char}`);
  return escaped.replace(/^([-+=]|\d+(?=[.)]))/, (lead) =>
    // Stryker disable next-line Regex: a lead is one of -+= or digits only, so /\d/ and /^\d/ agree on it
    /^\d/.test(lead) ? `${lead}\\` : `\\${lead}`,
  );
}

/**
 * An inline code span holding `text` as typed: fenced by a backtick run longer than any
 * inside, padded with a space when the text starts or ends with a backtick.
 */
export function markdownCode(text: string): string {
  const line = oneLine(text);
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** RFC 5322 `atext` and spaces: a display name of only these needs no quotes. */
const phrase = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/;

/**
 * An email display name per RFC 5322: as is when it is a plain phrase, else a quoted string
 * (`"Acme, Inc."`; UTF-8 allowed, RFC 6532; Django encodes it for the wire). A line-breaking
 * character has no place in a header: it becomes a space (an RFC 2047 encoded word would
 * keep it, but Django decodes such a name and re-encodes only its non-ASCII part, leaving
 * the specials unquoted).
 */
export function emailDisplayName(name: string): string {
  const flat = name.replace(lineBreaking, ' ');
  if (phrase.test(flat) && flat.trim() === flat && !flat.includes('  ')) return flat;
  return `"${flat.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** A mailbox `Display Name <address>`, parsable by Python's email package and Django. */
export function mailbox(name: string, address: string): string {
  return `${emailDisplayName(name)} <${address}>`;
}

/**
 * A value of a .env file as django-environ and docker compose read it: bare when it has no
 * space, quote, `#` or `$`; single-quoted (taken literally by both) when it has no `'`;
 * else double-quoted with `\`, `"` and `$` escaped. A line-breaking character cannot be
 * written to a .env at all (django-environ splits lines at U+2028 and U+0085): refused.
 */
export function envValue(text: string): string {
  if (hasLineBreak.test(text) || hasControl.test(text)) {
    throw new Error(`a .env value cannot hold a line break or control character: ${JSON.stringify(text)}`);
  }
  if (!/[\s#"'$\\`]/.test(text)) return text;
  if (!text.includes("'")) return `'${text}'`;
  return `"${text.replace(/[\\"$`]/g, (char) => `\\${char}`)}"`;
}

/** A Kubernetes annotation value: any text, as a YAML double-quoted scalar. */
export const k8sAnnotation = yamlString;

/**
 * A Kubernetes label value derived from any text: at most 63 characters of `[A-Za-z0-9._-]`,
 * starting and ending with a letter or digit; other characters become `-`. May be empty
 * (Kubernetes allows an empty label value).
 */
export function k8sLabelValue(text: string): string {
  const allowed = text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 63);
  return allowed.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
}

/** What templates reach by name. */
export const escapeHelpers = {
  oneLine,
  comment,
  pyString,
  pyStringBody,
  jsonString,
  yamlString,
  tomlString,
  shellWord,
  htmlText,
  markdownText,
  markdownCode,
  emailDisplayName,
  mailbox,
  envValue,
  k8sAnnotation,
  k8sLabelValue,
};
