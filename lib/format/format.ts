/**
 * Formats generated files exactly as generation and reconcile both need them: ruff for
 * Python, prettier for YAML/JSON/Markdown, and for every text file LF endings and one final
 * newline. The same function formats the merge base and the new render, so formatting
 * never shows up as a change.
 */
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { Workspace as RuffWorkspace } from '@astral-sh/ruff-wasm-nodejs';

/** Ruff settings shared by the formatter here and the generated pyproject.toml. */
export const ruffSettings = {
  lineLength: 88,
  select: ['E', 'F', 'W', 'I', 'B', 'UP', 'DJ', 'SIM'],
  ignore: ['E501'],
};

export interface FormatOptions {
  /** First-party top-level modules for import sorting (config + the project's apps). */
  firstParty: string[];
  pythonVersion: string;
}

/** The prettier parser of each file extension prettier formats; TOML is left alone. */
export const prettierParsers: Record<string, string> = {
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.json': 'json',
  '.md': 'markdown',
};

const require = createRequire(import.meta.url);
const workspaces = new Map<string, RuffWorkspace>();

function ruffWorkspace(options: FormatOptions): RuffWorkspace {
  const key = `${options.pythonVersion}|${options.firstParty.join(',')}`;
  let workspace = workspaces.get(key);
  if (!workspace) {
    // Loaded lazily: creating the wasm workspace is the expensive part of formatting.
    // Baseline (Liftoff) code only: V8 would otherwise recompile ruff's 30 MB module with
    // TurboFan in the background, and the process waits for that at exit: 1.4 s and
    // 440 MB instead of 0.2 s and 100 MB, for no gain on a few hundred small files.
    setFlagsFromString('--liftoff-only');
    const ruff = require('@astral-sh/ruff-wasm-nodejs') as typeof import('@astral-sh/ruff-wasm-nodejs');
    workspace = new ruff.Workspace(
      {
        'line-length': ruffSettings.lineLength,
        'target-version': `py${options.pythonVersion.replace('.', '')}`,
        lint: { select: ['I'], isort: { 'known-first-party': options.firstParty } },
      },
      ruff.PositionEncoding.Utf16,
    );
    workspaces.set(key, workspace);
  }
  return workspace;
}

interface RuffEdit {
  content: string | null;
  location: { row: number; column: number };
  end_location: { row: number; column: number };
}

/** Applies ruff fix edits (1-based rows and columns) from the end of the file backwards. */
function applyEdits(source: string, edits: RuffEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { row: number; column: number }) => (lineStarts[p.row - 1] ?? source.length) + p.column - 1;
  const sorted = [...edits].sort((a, b) => offset(b.location) - offset(a.location));
  let out = source;
  for (const edit of sorted) {
    out = out.slice(0, offset(edit.location)) + (edit.content ?? '') + out.slice(offset(edit.end_location));
  }
  return out;
}

export function formatPython(source: string, options: FormatOptions): string {
  const workspace = ruffWorkspace(options);
  const diagnostics = workspace.check(source) as { code: string | null; fix: { edits: RuffEdit[] } | null }[];
  const edits = diagnostics.filter((d) => d.code === 'I001' && d.fix).flatMap((d) => d.fix!.edits);
  const sorted = edits.length ? applyEdits(source, edits) : source;
  return workspace.format(sorted);
}

export function normalizeText(text: string): string {
  const untidy = text.includes('\r') || text.includes(' \n') || text.includes('\t\n') || /[ \t]$/.test(text);
  const lf = untidy ? text.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '') : text;
  return lf.replace(/\n*$/, '\n').replace(/^\n+/, '');
}

/** Prettier's print width for the files it formats (see formatFile). */
export const printWidth = 100;

/** The full formatter: for users' files in a merge, and the reference the fast path is tested against. */
export async function formatFile(path: string, text: string, options: FormatOptions): Promise<string> {
  const normalized = normalizeText(text);
  if (path.endsWith('.py')) return normalizeText(formatPython(normalized, options));
  const ext = path.slice(path.lastIndexOf('.'));
  const parser = prettierParsers[ext];
  if (!parser) return normalized;
  const prettier = await import('prettier');
  return normalizeText(await prettier.format(normalized, { parser, proseWrap: 'preserve', printWidth }));
}
