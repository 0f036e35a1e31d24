/**
 * The page of `djangoflow ui`: the form, the catalog and the planned files kept in step with
 * the server. Every change asks for a fresh preview (validation, plugins, plan: nothing is
 * written); Generate/Apply sends the same input to the CLI's pipeline and shows its summary.
 */
import type { AnswerValue, ApplyResult, FileView, Preview, SessionData } from '../api-types.js';
import { call } from './api.js';
import { byId, debounce, el } from './dom.js';
import { drawCatalog, drawFields, showResolved } from './fields.js';
import { drawFiles, drawView, planSummary } from './files.js';

const form = byId<HTMLFormElement>('form');
const applyButton = byId<HTMLButtonElement>('apply');
const result = byId('result');
const showUnchanged = byId<HTMLInputElement>('show-unchanged');

let session: SessionData;
let preview: Preview | undefined;
let answers: Record<string, AnswerValue> = {};
let plugins: string[] = [];
let openPath: string | undefined;
let asked = 0;

async function refresh(): Promise<void> {
  const ticket = ++asked;
  applyButton.disabled = true;
  const fresh = await call<Preview>('/api/preview', { answers, plugins });
  // An older answer arriving late must not overwrite a newer one.
  if (ticket !== asked) return;
  preview = fresh;
  const active = new Set(fresh.active.map((p) => p.name));
  showResolved(form, fresh, new Set(Object.keys(answers)), active);
  drawCatalog(byId('catalog'), session.catalog, fresh, new Set(plugins), togglePlugin);
  byId('plugin-problem').textContent = fresh.pluginProblem ?? fresh.error ?? '';
  const problems = Object.keys(fresh.problems).length;
  byId('plan-summary').textContent = fresh.files ? `${planSummary(fresh.files)}${fresh.recordChanged ? '; the answers recorded in .yo-rc.json change' : ''}` : problems ? `${problems} answer${problems > 1 ? 's' : ''} to fix before anything can be previewed` : '';
  drawFileList();
  applyButton.disabled = !fresh.previewId;
  if (openPath && fresh.files?.some((f) => f.path === openPath)) await openFile(openPath, false);
}

const refreshSoon = debounce(() => void refresh().catch(showError), 150);

function drawFileList(): void {
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.path;
  const list = byId('files');
  drawFiles(list, preview?.files ?? [], showUnchanged.checked || session.mode === 'new', openPath, (path) => void openFile(path, true).catch(showError));
  if (focused) list.querySelector<HTMLElement>(`[data-path="${CSS.escape(focused)}"]`)?.focus();
}

async function openFile(path: string, moveFocus: boolean): Promise<void> {
  if (!preview?.previewId) return;
  const query = new URLSearchParams({ preview: preview.previewId, path });
  const view = await call<FileView>(`/api/file?${query}`);
  openPath = path;
  drawView(byId('viewer'), view, session.mode === 'new');
  byId('view-title').textContent = `File: ${path}`;
  drawFileList();
  if (moveFocus) byId('view-title').focus();
}

function togglePlugin(name: string, on: boolean): void {
  plugins = on ? [...new Set([...plugins, name])] : plugins.filter((p) => p !== name);
  refreshSoon();
}

function showError(error: unknown): void {
  result.replaceChildren(el('p', { class: 'error' }, String((error as Error)?.message ?? error)));
}

async function apply(): Promise<void> {
  applyButton.disabled = true;
  result.replaceChildren(el('p', {}, session.mode === 'new' ? 'Generating…' : 'Applying…'));
  const outcome = await call<ApplyResult>('/api/apply', { answers, plugins });
  if ('problems' in outcome) {
    result.replaceChildren(el('p', { class: 'error' }, 'Some answers are refused; see the form.'));
    return refresh();
  }
  const verdict = outcome.exitCode === 0 ? 'Done.' : outcome.exitCode === 3 ? 'Done, with conflicts left to resolve in the files listed.' : `Finished with exit code ${outcome.exitCode}.`;
  result.replaceChildren(el('p', {}, verdict), el('pre', { 'aria-label': 'summary' }, outcome.lines.join('\n') || '(nothing to report)'));
  // The folder is a project now (or a newer one): start again from its record.
  await start();
}

function describe(): void {
  byId('where').textContent = `${session.mode === 'new' ? 'New project in' : 'Project'} ${session.dir} (djangoflow ${session.version})`;
  const upgrade = byId('upgrade');
  upgrade.hidden = !session.upgrade;
  if (session.upgrade) upgrade.textContent = `Recorded by djangoflow ${session.upgrade.from}: the plan below includes the upgrade to ${session.upgrade.to}.`;
  applyButton.textContent = session.mode === 'new' ? 'Generate' : 'Apply';
  byId('unchanged-toggle').hidden = session.mode === 'new';
}

async function start(): Promise<void> {
  session = await call<SessionData>('/api/session');
  answers = { ...session.initial.answers };
  plugins = [...session.initial.plugins];
  describe();
  if (!form.childElementCount) {
    drawFields(form, session.fields, (name, value) => {
      answers[name] = value;
      refreshSoon();
    });
  } else {
    // After an apply the recorded answers are the new baseline.
    form.querySelectorAll<HTMLInputElement>('input, select').forEach((input) => input.blur?.());
  }
  await refresh();
}

applyButton.addEventListener('click', () => void apply().catch(showError));
showUnchanged.addEventListener('change', drawFileList);
void start().catch(showError);
