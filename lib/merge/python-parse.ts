/**
 * Python source as definitions: top-level statements and class bodies, each a segment of
 * whole lines keyed by what it defines (`from .models`, `class Post`, `def helper`,
 * `= title`, `+= urlpatterns`), so a merge can match the three versions by definition.
 *
 * Parsed with tree-sitter's Python grammar (web-tree-sitter and the wasm that the
 * tree-sitter-python npm package ships). Not ruff, although ruff's wasm is already loaded
 * for formatting: its `Workspace.parse` returns the syntax tree only as Rust debug text,
 * which would have to be parsed again by hand; tree-sitter gives nodes with rows, types and
 * field names. Loaded on first use, only when a Python file is merged.
 */
import { createRequire } from 'node:module';
import type { Node, Parser as ParserType } from 'web-tree-sitter';
import { splitLines } from './lines.js';

export type SegmentKind = 'import' | 'assign' | 'def' | 'class' | 'other' | 'tail';

export interface Segment {
  key: string;
  kind: SegmentKind;
  /** The segment's lines: its statement plus the blank and comment lines above it. */
  lines: string[];
  /** A class whose body is split: its header lines and its members. */
  body?: { head: string[]; members: Segment[] };
}

let parser: Promise<ParserType> | undefined;

async function loadParser(): Promise<ParserType> {
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init();
  const require = createRequire(import.meta.url);
  const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
  const instance = new Parser();
  instance.setLanguage(language);
  return instance;
}

function python(): Promise<ParserType> {
  parser ??= loadParser();
  return parser;
}

/**
 * Whether tree-sitter can parse the text cheaply. Its Python scanner takes time growing
 * with the square of a run of comment lines (4,000 in a row: 6 s; 200: 10 ms), so a file
 * with a long run, or a very long file, is left to the line merge and not parse-checked.
 */
export function cheapToParse(text: string): boolean {
  let lines = 0;
  let run = 0;
  let longest = 0;
  for (const line of text.split('\n')) {
    lines++;
    run = line.trimStart().startsWith('#') ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return lines <= 20_000 && longest <= 300;
}

/** True when the text is Python without a syntax error (or too costly to parse: see `cheapToParse`). */
export async function parsesAsPython(text: string): Promise<boolean> {
  if (!cheapToParse(text)) return true;
  const tree = (await python()).parse(text);
  if (!tree) return false;
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/** The module's segments (the last one, key `<tail>`, holds what follows the last statement); null when it does not parse (or is too costly to). */
export async function pythonSegments(text: string): Promise<Segment[] | null> {
  if (!cheapToParse(text)) return null;
  const tree = (await python()).parse(text);
  if (!tree) return null;
  try {
    if (tree.rootNode.hasError) return null;
    const lines = splitLines(text);
    const segments = segmentBlock(statements(tree.rootNode), lines, 0);
    const covered = segments.reduce((sum, s) => sum + s.lines.length, 0);
    segments.push({ key: '<tail>', kind: 'tail', lines: lines.slice(covered) });
    return segments;
  } finally {
    tree.delete();
  }
}

/** The node's statements, comments left out. A cursor walk: `namedChildren` grows with the square of the count. */
function statements(node: Node): Node[] {
  const found: Node[] = [];
  const cursor = node.walk();
  try {
    for (let more = cursor.gotoFirstChild(); more; more = cursor.gotoNextSibling()) {
      if (cursor.nodeIsNamed && cursor.nodeType !== 'comment') found.push(cursor.currentNode);
    }
  } finally {
    cursor.delete();
  }
  return found;
}

/** The last row a node occupies (a node ending at column 0 ends on the row before). */
function lastRow(node: Node): number {
  const end = node.endPosition;
  return end.column === 0 && end.row > node.startPosition.row ? end.row - 1 : end.row;
}

/** Statements to segments from row `from`: each takes the lines up to its last row. */
function segmentBlock(nodes: Node[], lines: string[], from: number): Segment[] {
  const segments: Segment[] = [];
  const seen = new Map<string, number>();
  let cursor = from;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    let end = lastRow(node);
    // Statements sharing a line (`a = 1; b = 2`) make one segment.
    while (i + 1 < nodes.length && nodes[i + 1]!.startPosition.row <= end) end = Math.max(end, lastRow(nodes[++i]!));
    const { key, kind } = describe(node);
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    const segment: Segment = { key: count === 1 ? key : `${key} #${count}`, kind, lines: lines.slice(cursor, end + 1) };
    if (kind === 'class' && end === lastRow(node)) {
      const body = classBody(node, lines, cursor, end);
      if (body) segment.body = body;
    }
    segments.push(segment);
    cursor = end + 1;
  }
  return segments;
}

/** A class whose members start below its header: header lines and member segments. */
function classBody(node: Node, lines: string[], from: number, last: number): Segment['body'] | undefined {
  const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  const body = definition?.childForFieldName('body');
  if (!definition || !body) return undefined;
  const colon = definition.children.find((child) => child?.type === ':');
  if (!colon || body.startPosition.row <= colon.endPosition.row) return undefined;
  const first = colon.endPosition.row + 1;
  const members = segmentBlock(statements(body), lines, first);
  const covered = first + members.reduce((sum, s) => sum + s.lines.length, 0);
  // Comment lines after the last member that the grammar counts into the class.
  if (covered <= last) members.push({ key: '<tail>', kind: 'tail', lines: lines.slice(covered, last + 1) });
  return { head: lines.slice(from, colon.endPosition.row + 1), members };
}

function describe(node: Node): { key: string; kind: SegmentKind } {
  switch (node.type) {
    case 'import_statement':
      return { key: `import ${squash(node.text)}`, kind: 'import' };
    case 'import_from_statement':
      return { key: `from ${node.childForFieldName('module_name')?.text ?? squash(node.text)}`, kind: 'import' };
    case 'future_import_statement':
      return { key: squash(node.text), kind: 'import' };
    case 'class_definition':
      return { key: `class ${node.childForFieldName('name')?.text}`, kind: 'class' };
    case 'function_definition':
      return { key: `def ${node.childForFieldName('name')?.text}`, kind: 'def' };
    case 'decorated_definition': {
      const inner = node.childForFieldName('definition');
      return inner ? describe(inner) : { key: firstLine(node), kind: 'other' };
    }
    case 'expression_statement': {
      const expression = node.namedChildren[0];
      if (expression?.type === 'assignment') return { key: `= ${squash(expression.childForFieldName('left')?.text ?? '')}`, kind: 'assign' };
      if (expression?.type === 'augmented_assignment') {
        const operator = expression.childForFieldName('operator')?.text ?? '';
        return { key: `${operator} ${squash(expression.childForFieldName('left')?.text ?? '')}`, kind: 'assign' };
      }
      if (expression?.type === 'string') return { key: '<docstring>', kind: 'other' };
      return { key: firstLine(node), kind: 'other' };
    }
    default:
      return { key: firstLine(node), kind: 'other' };
  }
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const firstLine = (node: Node) => squash(node.text.split('\n', 1)[0] ?? '');
