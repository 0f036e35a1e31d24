/**
 * The per-file decisions of a reconcile: base (last pristine render), ours (the project on
 * disk) and theirs (the new render), with the template's renames. Reads, never writes.
 */
import { EDITED_ONLY, reconcileBinary, type Outcome } from './binary.js';
import { assertContained, readContained } from './containment.js';
import { hasBom, inUserEncoding, looksBinary, normalizeContent, sameContent, toLf, usesCrlf, withoutBom } from './content.js';
import { DEFAULT_LABELS, mergeText } from './merge.js';
import { filesBecomingFolders, refuseKeptInTheWay } from './folders.js';
import { detectRenames } from './renames.js';
import type { FileContent, FileDecision, FileTree, FormatFile, MergeLabels, PlanInput, ReconcileReport } from './types.js';

// Importers of the plan's words (the report, the UI, unresolved conflicts) find them here.
export { EDITED_ONLY, SIDECAR_SUFFIX } from './binary.js';

/** Above this size a user's file is never run through a formatter: a retry would cost minutes. */
const FORMAT_LIMIT = 1_000_000;

const WRITING_ACTIONS = new Set(['create', 'update', 'merge', 'conflict', 'delete']);

interface Context {
  projectDir: string;
  format?: FormatFile;
  labels: MergeLabels;
}

/**
 * Decides, per file, how the project on disk (ours) takes the new render (theirs) given
 * the last pristine render (base). Reads the project, writes nothing.
 */
export async function planReconcile(input: PlanInput): Promise<ReconcileReport> {
  const base = normalizeTree(input.base ?? new Map());
  const theirs = normalizeTree(input.theirs);
  const context: Context = {
    projectDir: input.projectDir,
    format: input.format,
    labels: { ...DEFAULT_LABELS, ...input.labels },
  };
  // Before anything is read: a linked folder or a FIFO on a template path is refused here.
  const becomingFolders = filesBecomingFolders(base, theirs);
  assertContained(input.projectDir, new Set([...theirs.keys(), ...base.keys()]), becomingFolders);
  const renames = detectRenames(base, theirs, input.renames);
  const renamedFrom = new Set(renames.values());

  const decisions: FileDecision[] = [];
  // In any order: the decisions are sorted once, below.
  for (const path of theirs.keys()) {
    const from = renames.get(path);
    if (from === undefined) {
      decisions.push(await decideTemplateFile(context, path, base.get(path), theirs.get(path)!));
    } else {
      decisions.push(...(await decideRename(context, from, path, base.get(from)!, theirs.get(path)!)));
    }
  }
  for (const path of base.keys()) {
    if (theirs.has(path) || renamedFrom.has(path)) continue;
    const decision = await decideDropped(context, path, base.get(path)!);
    if (decision) decisions.push(decision);
  }
  // Stryker disable next-line EqualityOperator: paths are unique, never equal
  decisions.sort((a, b) => (a.path < b.path ? -1 : 1));
  refuseKeptInTheWay(decisions, becomingFolders, theirs);
  return buildReport(decisions);
}

export function buildReport(decisions: FileDecision[]): ReconcileReport {
  return {
    decisions,
    conflicts: decisions.filter((d) => d.action === 'conflict').map((d) => d.path),
    changed: decisions.some((d) => WRITING_ACTIONS.has(d.action)),
  };
}

/** A file the new render has, at a path the template did not rename. */
async function decideTemplateFile(
  context: Context,
  path: string,
  base: FileContent | undefined,
  theirs: FileContent,
): Promise<FileDecision> {
  const ours = await readOurs(context.projectDir, path);
  if (ours === undefined) {
    return base === undefined
      ? { path, action: 'create', reason: 'new file', content: theirs }
      : { path, action: 'skip', reason: skipReason(base, theirs) };
  }
  return { path, ...withoutResult(await reconcileFile(context, path, base, ours, theirs)) };
}

function skipReason(base: FileContent, theirs: FileContent): string {
  return sameContent(base, theirs)
    ? 'you deleted it; it stays deleted'
    : 'you deleted it; it stays deleted (the template changed it since)';
}

/** The template moved `from` to `to`: the user's edits follow the file to its new path. */
async function decideRename(
  context: Context,
  from: string,
  to: string,
  base: FileContent,
  theirs: FileContent,
): Promise<FileDecision[]> {
  const oursAtNew = await readOurs(context.projectDir, to);
  const renamed = `renamed from ${from} by the template`;

  if (oursAtNew !== undefined) {
    // The user already has the new path (e.g. moved it themselves): merge it there.
    const outcome = withoutResult(await reconcileFile(context, to, base, oursAtNew, theirs));
    const decisions: FileDecision[] = [{ path: to, from, ...outcome, reason: `${renamed}; ${outcome.reason}` }];
    const old = await decideDropped(context, from, base);
    if (old) decisions.push(old);
    return decisions;
  }
  const oursAtOld = await readOurs(context.projectDir, from);
  if (oursAtOld === undefined) {
    return [{ path: to, from, action: 'skip', reason: `you deleted ${from}, which the template renamed to ${to}; it stays deleted` }];
  }
  if (looksBinary(oursAtOld) && !sameContent(oursAtOld, base) && !sameContent(oursAtOld, theirs)) {
    // Binaries are never merged: keep the user's file where it is and add the new one.
    return [
      { path: to, from, action: 'create', reason: `${renamed}; your edited ${from} is kept beside it`, content: theirs },
      { path: from, action: 'keep', reason: `renamed to ${to} by the template, kept because you edited it (binary)` },
    ];
  }
  const outcome = await reconcileFile(context, to, base, oursAtOld, theirs);
  const edited = !sameContent(toLfIfText(oursAtOld), base);
  const carried: FileDecision =
    outcome.action === 'merge' || outcome.action === 'conflict'
      ? { path: to, from, ...withoutResult(outcome), reason: `${renamed}; ${outcome.reason}` }
      : {
          path: to,
          from,
          action: 'create',
          reason: edited ? `${renamed}; your edits moved with it` : renamed,
          content: outcome.result,
        };
  const removed: FileDecision = {
    path: from,
    action: 'delete',
    reason: `renamed to ${to} by the template${edited ? '; your edits moved with it' : ''}`,
  };
  return [carried, removed];
}

/** A file of the last render that the new render no longer has. */
async function decideDropped(
  context: Context,
  path: string,
  base: FileContent,
): Promise<FileDecision | null> {
  const ours = await readOurs(context.projectDir, path);
  if (ours === undefined) return null;
  if (await equalsModuloFormatting(context, path, ours, base)) {
    return { path, action: 'delete', reason: 'removed from the template' };
  }
  return { path, action: 'keep', reason: 'removed from template, kept because you edited it' };
}

/**
 * The per-file table for a file present on disk and in the new render. `base` undefined
 * means the template never rendered it before: merge against an empty base.
 */
async function reconcileFile(
  context: Context,
  path: string,
  base: FileContent | undefined,
  ours: FileContent,
  theirs: FileContent,
): Promise<Outcome> {
  if (typeof ours !== 'string' || typeof theirs !== 'string' || (base !== undefined && typeof base !== 'string')) {
    return reconcileBinary(context.projectDir, path, base, ours, theirs);
  }
  const crlf = usesCrlf(ours);
  const bom = hasBom(ours);
  const withEol = (text: string) => inUserEncoding(text, crlf, bom);
  // The merge, the formatter and the comparisons see the text without the mark; what is written keeps it.
  const oursText = withoutBom(ours);
  const oursLf = toLf(oursText);
  const keepOurs = (action: 'keep' | 'unchanged', reason: string): Outcome => ({ action, reason, result: ours });
  const takeTheirs = (reason: string): Outcome => {
    const content = withEol(theirs);
    return { action: 'update', reason, content, result: content };
  };

  // An LF file keeps the CR of lines the user ended with CRLF: the merge sees them as they are.
  const oursMerged = crlf ? oursLf : oursText;
  if (oursLf === theirs) return keepOurs('unchanged', 'up to date');
  if (oursMerged === base) return takeTheirs('you did not edit it');
  if (theirs === base) return keepOurs('keep', EDITED_ONLY);

  let merged = await mergeText(path, base ?? '', oursMerged, theirs, context.labels);
  let mergedFormatted = false;
  if (merged.conflicts > 0 && context.format && oursLf.length <= FORMAT_LIMIT) {
    const formatted = await tryFormat(context.format, path, oursLf);
    // Stryker disable next-line ConditionalExpression: a shortcut; an unchanged file would only merge the same again
    if (formatted !== oursLf) {
      if (formatted === theirs) return keepOurs('unchanged', 'differs from the template only in formatting');
      if (formatted === base) return takeTheirs('your changes were formatting only');
      const second = await mergeText(path, base ?? '', formatted, theirs, context.labels);
      if (second.conflicts < merged.conflicts) {
        merged = second;
        mergedFormatted = true;
      }
    }
  }
  const how = base === undefined ? 'you already had this file: merged against an empty base' : 'you and the template both changed it';
  const formattedNote = mergedFormatted ? ' (after formatting your file)' : '';
  if (merged.conflicts === 0) {
    if (merged.text === oursMerged) return keepOurs('unchanged', 'already contains the template changes');
    const content = withEol(await keptFormatted(context, path, oursLf, merged.text));
    const details = merged.combined.length > 0 ? { combined: merged.combined } : {};
    return { action: 'merge', reason: `${how}; merged${formattedNote}`, content, result: content, ...details };
  }
  const content = withEol(merged.text);
  return {
    action: 'conflict',
    reason: `${how}; ${merged.conflicts} conflict${merged.conflicts === 1 ? '' : 's'} marked in the file${formattedNote}`,
    content,
    result: content,
    stages: { base: base === undefined ? undefined : withEol(base), ours, theirs: withEol(theirs) },
  };
}

async function equalsModuloFormatting(context: Context, path: string, ours: FileContent, base: FileContent): Promise<boolean> {
  if (typeof ours !== 'string' || typeof base !== 'string') return sameContent(ours, base);
  const oursLf = toLf(withoutBom(ours));
  if (oursLf === base) return true;
  return context.format !== undefined && oursLf.length <= FORMAT_LIMIT && (await tryFormat(context.format, path, oursLf)) === base;
}

/**
 * A clean merge of a file the user keeps formatted, formatted: two formatted sides can merge
 * into a layout the formatter (the project's pre-commit and CI) refuses, such as a template's
 * new line right after the user's method. A file the user does not format is left as merged.
 */
async function keptFormatted(context: Context, path: string, oursLf: string, merged: string): Promise<string> {
  if (!context.format || oursLf.length > FORMAT_LIMIT || merged.includes('\r')) return merged;
  if ((await tryFormat(context.format, path, oursLf)) !== oursLf) return merged;
  return tryFormat(context.format, path, merged);
}

/** A user's file the formatter cannot parse is compared as it is. */
async function tryFormat(format: FormatFile, path: string, text: string): Promise<string> {
  try {
    return toLf(await format(path, text));
  } catch {
    return text;
  }
}

function withoutResult(outcome: Outcome): Omit<FileDecision, 'path'> {
  const { result: _result, ...rest } = outcome;
  return rest;
}

function toLfIfText(content: FileContent): FileContent {
  return typeof content === 'string' ? toLf(content) : content;
}

function normalizeTree(tree: FileTree): FileTree {
  const normalized: FileTree = new Map();
  for (const [path, content] of tree) {
    assertSafePath(path);
    normalized.set(path, normalizeContent(content));
  }
  return normalized;
}

/** Tree paths come from templates, but a bad one must never write outside the project. */
export function assertSafePath(path: string): void {
  const segments = path.split('/');
  // An empty path, an absolute one and a doubled or trailing slash all have an empty segment.
  if (path.includes('\\') || segments.some((s) => s === '..' || s === '.' || s === '')) {
    throw new Error(`invalid path in file tree: ${JSON.stringify(path)}`);
  }
}

/** The user's file, text as a string; undefined when absent. Never through a link, never a FIFO. */
async function readOurs(projectDir: string, path: string): Promise<FileContent | undefined> {
  const bytes = readContained(projectDir, path);
  return bytes === undefined ? undefined : normalizeContent(bytes);
}
