/**
 * Which rendered files go through the formatter (lib/format/format.ts). Templates render
 * formatted text, so only what answers put into a file can unformat it; every other file is
 * trusted as it is, and ruff and prettier are not even loaded. The format-equivalence test
 * proves the trust over the generation matrix.
 */
import { type FormatOptions, formatFile, normalizeText, prettierParsers, printWidth, ruffSettings } from './format.js';

/** Columns a code point takes: East Asian wide and emoji take two, as ruff and prettier count them. */
function charWidth(code: number): number {
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code >= 0x1f300;
  return wide ? 2 : 1;
}

/** Characters that may be wide (charWidth): most lines have none and are measured by length. */
const mayBeWide = /[\u1100-\uffff]/;

export function displayWidth(line: string): number {
  if (!mayBeWide.test(line)) return line.length;
  let width = 0;
  for (const char of line) width += charWidth(char.codePointAt(0)!);
  return width;
}

/**
 * A YAML/JSON line prettier can break: too long and holding a flow collection (`[...]`,
 * `{...}`) outside quotes. Long scalars and comments are kept as they are.
 */
function hasLongFlowLine(text: string): boolean {
  return text.split('\n').some((line) => {
    if (line.length <= printWidth / 2 || displayWidth(line) <= printWidth) return false;
    return /[[{]/.test(line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, '""'));
  });
}

/**
 * Python code line by line with string contents and comments blanked out (quotes kept),
 * and the bracket depth each line starts at.
 */
function pythonSkeleton(text: string): { code: string; depth: number }[] {
  const lines: { code: string; depth: number }[] = [];
  const inCode = /["'#\n()[\]{}]/g;
  const inString = /[\\\n"']/g;
  let code = '';
  let depth = 0;
  let lineDepth = 0;
  let quote = ''; // the open string's delimiter: ', ", ''' or """
  let i = 0;
  const endLine = () => {
    lines.push({ code, depth: lineDepth });
    code = '';
    lineDepth = depth;
  };
  while (i < text.length) {
    const pattern = quote ? inString : inCode;
    pattern.lastIndex = i;
    const match = pattern.exec(text);
    const at = match ? match.index : text.length;
    if (!quote) code += text.slice(i, at);
    if (!match) break;
    const char = match[0];
    i = at + 1;
    if (char === '\n') endLine();
    else if (quote) {
      if (char === '\\') {
        if (text[i] !== '\n') i++;
      } else if (text.startsWith(quote, at)) {
        code += quote;
        i = at + quote.length;
        quote = '';
      }
    } else if (char === '#') {
      const end = text.indexOf('\n', at);
      i = end < 0 ? text.length : end;
    } else if (char === '"' || char === "'") {
      quote = text.startsWith(char.repeat(3), at) ? char.repeat(3) : char;
      code += quote;
      i = at + quote.length;
    } else {
      depth = '([{'.includes(char) ? depth + 1 : Math.max(0, depth - 1);
      code += char;
    }
  }
  endLine();
  return lines;
}

/**
 * Whether a Python text has a line too long that ruff could still split: formatted text
 * keeps long lines only where nothing splits (a long string, a comment, a keyword argument
 * whose value is a string); anything with a bracket, an operator, or a statement of its
 * own may be wrapped.
 */
function hasSplittableLongLine(text: string): boolean {
  const lines = text.split('\n');
  if (!lines.some((line) => line.length > ruffSettings.lineLength / 2 && displayWidth(line) > ruffSettings.lineLength)) {
    return false;
  }
  const skeleton = pythonSkeleton(text);
  return lines.some((line, i) => {
    if (line.length <= ruffSettings.lineLength / 2 || displayWidth(line) <= ruffSettings.lineLength) return false;
    const { code, depth } = skeleton[i]!;
    // Empty brackets (`call()`) give ruff nothing to split at.
    const rest = code.replace(/\(\s*\)|\[\s*\]|\{\s*\}/g, '').replace(/["'\s,)\]}]/g, '').replace(/^[rbufRBUF]+$/, '');
    if (rest === '') return false;
    if (/[([{+\-*/%|&<>@~^]|\b(and|or|if|else|for|in|not|is|lambda|await)\b/.test(rest)) return true;
    if (depth > 0) return false;
    // `name = "long string"`, `return "..."`: ruff parenthesizes the string only if it then fits.
    const assigned = /^(\s*)(?:[\w.]+\s*=|return)\s*([rbufRBUF]*(["']).*\3)$/.exec(line);
    if (assigned && /^([\w.]+=|return)[rbufRBUF]*$/.test(rest)) {
      return assigned[1]!.length + 4 + displayWidth(assigned[2]!) <= ruffSettings.lineLength;
    }
    // A bare expression (`a.b.c()`) has nowhere to split; a statement may be parenthesized.
    return /[=:]/.test(rest) || /^\s*(return|assert|del|raise|yield|with|if|elif|while|for|import|from|await|async|global|nonlocal)\b/.test(code);
  });
}

/** A Markdown table row: `| a | b |`. */
const tableRow = /^\s*\|.*\|\s*$/;

/** Whether the rows of every Markdown table have their pipes in the same columns (prettier's alignment). */
function tablesAligned(text: string): boolean {
  let columns: string | null = null;
  for (const line of text.split('\n')) {
    if (!tableRow.test(line)) {
      columns = null;
      continue;
    }
    let pipes = '';
    if (mayBeWide.test(line)) {
      let width = 0;
      for (const char of line) {
        if (char === '|') pipes += `${width},`;
        width += charWidth(char.codePointAt(0)!);
      }
    } else {
      for (let at = line.indexOf('|'); at >= 0; at = line.indexOf('|', at + 1)) pipes += `${at},`;
    }
    if (columns !== null && pipes !== columns) return false;
    columns = pipes;
  }
  return true;
}

/**
 * Whether formatting can change a rendered file. Templates render formatted text (the
 * template equivalence test proves it over the generation matrix), so only what answers
 * put into a file can unformat it: a free-text answer that makes a line too long, a quote
 * the formatter would change, Markdown table cells of another width. Anything else is
 * trusted as it is, and ruff and prettier are not even loaded.
 */
export function mayNeedFormatting(path: string, text: string): boolean {
  if (path.endsWith('.py')) {
    return hasSplittableLongLine(text) || /\\["']/.test(text) || text.includes('\n\n\n\n');
  }
  const ext = path.slice(path.lastIndexOf('.'));
  const parser = prettierParsers[ext];
  if (!parser) return false;
  // An optional block left out can leave two blank lines where prettier keeps one.
  if (text.includes('\n\n\n')) return true;
  if (parser === 'markdown') return !tablesAligned(text);
  return hasLongFlowLine(text) || /\\["']/.test(text);
}

/**
 * Answer text that keeps a formatted template formatted wherever it lands: letters, digits,
 * spaces, . , - ' ( ) / : @ and `_` inside a word (acme_shop). Anything else (Markdown's
 * * # | [ ], an `_emphasis_`, quotes, &, ...) may be rewritten by a formatter.
 */
const plainAnswer = /^(?:[\p{L}\p{N} .,'()/:@-]|(?<=[\p{L}\p{N}])_(?=[\p{L}\p{N}]))*$/u;

export function answersArePlain(answers: Record<string, unknown>): boolean {
  return Object.values(answers).every((value) => typeof value !== 'string' || plainAnswer.test(value));
}

/**
 * Where answers that are not plain may have landed: for each such answer one of its words
 * (letters, digits, `.`, `_`, `-`), which no escaping (JSON, YAML, HTML) and no line folding
 * changes, so every file holding the answer in any form holds that word (compared ignoring
 * case). Of an answer's words, the one in the fewest of `texts` is chosen: every file it
 * appears in gets formatted. null when such an answer has no word of three characters:
 * then every file is formatted.
 */
export function unplainAnswerMarkers(answers: Record<string, unknown>, texts: readonly string[] = []): string[] | null {
  // Lowered only once an answer needs it: with plain answers (most runs) nothing is scanned.
  let lowerTexts: string[] | undefined;
  const spread = (word: string) => (lowerTexts ??= texts.map((text) => text.toLowerCase())).filter((text) => text.includes(word)).length;
  const markers: string[] = [];
  for (const value of Object.values(answers)) {
    if (typeof value !== 'string' || plainAnswer.test(value)) continue;
    const words = [...new Set((value.toLowerCase().match(/[\p{L}\p{N}._-]+/gu) ?? []).filter((word) => word.length >= 3))];
    if (words.length === 0) return null;
    markers.push(words.map((word) => ({ word, count: spread(word) })).reduce((a, b) => (b.count < a.count ? b : a)).word);
  }
  return markers;
}

/**
 * Whether a rendered file goes through the formatter: where mayNeedFormatting sees a reason,
 * where an answer that is not plain may have landed, and everywhere when `markers` is null.
 */
export function shouldFormat(path: string, text: string, markers: string[] | null): boolean {
  if (markers === null || mayNeedFormatting(path, text)) return true;
  if (markers.length === 0) return false;
  const lower = text.toLowerCase();
  return markers.some((marker) => lower.includes(marker));
}

/** A rendered file, formatted only where formatting can change it (see shouldFormat). */
export async function formatRendered(path: string, text: string, options: FormatOptions, markers: string[] | null = []): Promise<string> {
  const normalized = normalizeText(text);
  return shouldFormat(path, normalized, markers) ? formatFile(path, normalized, options) : normalized;
}
