/**
 * The page's side of the server's API (generators/ui/server.ts): the shapes it answers with
 * and one fetch that sends the session token. Types are restated here, not imported: the page
 * is built for the browser and must not pull in the server's modules.
 */

export type AnswerValue = string | boolean;

export interface Field {
  name: string;
  option: string;
  type: 'input' | 'list' | 'confirm';
  label: string;
  description: string;
  choices?: { value: string; label: string }[];
  plugin?: string;
}

export interface CatalogEntry {
  name: string;
  summary: string;
  kind: string;
  requires: string[];
  conflicts: string[];
  enabledBy?: { question: string; values: AnswerValue[] };
}

export interface FormInput {
  answers: Record<string, AnswerValue>;
  plugins: string[];
}

export interface SessionData {
  mode: 'new' | 'project';
  dir: string;
  version: string;
  fields: Field[];
  catalog: CatalogEntry[];
  initial: FormInput;
  upgrade?: { from: string; to: string };
}

export interface PlannedFile {
  path: string;
  action: string;
  reason: string;
}

export interface Preview {
  values: Record<string, AnswerValue>;
  problems: Record<string, string>;
  active: { name: string; how: 'answer' | 'explicit' | 'dependency'; requiredBy: string[] }[];
  pluginProblem?: string;
  previewId?: string;
  files?: PlannedFile[];
  recordChanged?: boolean;
  error?: string;
}

export interface Hunk {
  oldStart: number;
  newStart: number;
  lines: { kind: ' ' | '+' | '-'; text: string }[];
}

export interface FileView extends PlannedFile {
  from?: string;
  current?: string;
  next?: string;
  diff?: Hunk[];
  stages?: { base?: string; ours: string; theirs: string };
  notShown?: string;
}

export type ApplyResult = { exitCode: number; lines: string[] } | { problems: Record<string, string>; pluginProblem?: string };

const token = document.querySelector<HTMLMetaElement>('meta[name="djangoflow-token"]')?.content ?? '';

/** GET or POST (JSON) with the token header; an error answer becomes an Error with the server's message. */
export async function call<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'x-djangoflow-token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(data.error ?? `HTTP ${response.status}`);
  return data;
}
