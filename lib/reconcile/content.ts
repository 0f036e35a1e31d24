import type { FileContent } from './types.js';

/** Binary = NUL bytes or invalid UTF-8; such content is never merged, only compared. */
export function looksBinary(content: FileContent): boolean {
  if (typeof content === 'string') return false;
  if (content.includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return false;
  } catch {
    return true;
  }
}

/** Text stays (or becomes) a string, binary stays a Buffer: one representation per kind. */
export function normalizeContent(content: FileContent): FileContent {
  // Stryker disable next-line ConditionalExpression,StringLiteral: without the typeof check a string still comes back as it is (looksBinary is false for it, and its toString is itself)
  return typeof content === 'string' || looksBinary(content) ? content : content.toString('utf8');
}

export function toBuffer(content: FileContent): Buffer {
  // Stryker disable next-line StringLiteral: Buffer.from reads an empty encoding name as UTF-8, its default
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}

export function sameContent(a: FileContent, b: FileContent): boolean {
  return toBuffer(a).equals(toBuffer(b));
}

/** The byte order mark some editors put first in a UTF-8 file: kept as the user's, like line endings. */
const BOM = '\uFEFF';

export function hasBom(text: string): boolean {
  return text.startsWith(BOM);
}

export function withoutBom(text: string): string {
  return hasBom(text) ? text.slice(BOM.length) : text;
}

/** `text` as the user's file writes it: its line endings, and its mark when it had one. */
export function inUserEncoding(text: string, crlf: boolean, bom: boolean): string {
  const ended = crlf ? toCrlf(text) : text;
  return bom && !hasBom(ended) ? BOM + ended : ended;
}

/** A file uses CRLF when most of its line breaks are CRLF. */
export function usesCrlf(text: string): boolean {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const lf = text.match(/\n/g)?.length ?? 0;
  return crlf > 0 && crlf * 2 >= lf;
}

export function toLf(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

export function toCrlf(text: string): string {
  return toLf(text).replace(/\n/g, '\r\n');
}
