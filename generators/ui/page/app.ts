/**
 * The page of `djangoflow ui`: the sections (Project: the form and the catalog; Apps and
 * models; Settings) and the planned files kept in step with the server. Every change asks for
 * a fresh preview (validation, plan, nothing written); Apply sends the same input to the CLI's
 * pipeline under the project lock and shows its summary and next steps.
 */
import type { AnswerValue, ApplyResult, ChangePreview, ChangeResult, ConflictFile, FileView, ModelsData, PlannedFile, Preview, ProjectChange, SessionData, SettingsEnvironment } from '../api-types.js';
import { call } from './api.js';
import { byId, debounce, el } from './dom.js';
import { type Catalog, catalogSection } from './catalog.js';
import { drawFields, showResolved } from './fields.js';
import { drawView, planSummary, writingActions } from './files.js';
import { modelsSection } from './models.js';
import { drawSettings } from './settings.js';
import { drawConflicts } from './conflicts.js';
import { fillForm } from './share.js';
import { readShare, shareLink } from './share-link.js';
import { setUpTabs } from './tabs.js';
import { upgradeSection } from './upgrade.js';
import { drawTree } from './tree.js';

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
/** The change previews' own count: a project preview asked later (the page's start) must not drop one. */
let changesAsked = 0;
let section = 'project';
let change: ProjectChange | undefined;
let changePreview: ChangePreview | undefined;
let catalog: Catalog | undefined;

/** Without a write, and with the record as it is, Apply has nothing to do. */
const anyWrite = (files: PlannedFile[] | undefined) => Boolean(files?.some((f) => writingActions.has(f.action)));

/** The preview the files column shows: the section's own. */
function shown(): { previewId?: string; files?: PlannedFile[]; canApply: boolean } {
  if (section === 'models' || section === 'upgrade') return { ...changePreview, canApply: Boolean(changePreview?.previewId && changePreview.changes) };
  if (section === 'settings' || section === 'conflicts' || !preview) return { canApply: false };
  return { ...preview, canApply: Boolean(preview.previewId && (session.mode === 'new' || preview.recordChanged || anyWrite(preview.files))) };
}

function drawColumn(): void {
  const current = shown();
  const changing = section === 'models' || section === 'upgrade';
  const summary = changing ? (changePreview?.files ? planSummary(changePreview.files) : change ? '' : 'Propose a change on the left to see its plan.') : section === 'settings' ? 'Settings change nothing here.' : section === 'conflicts' ? 'Each conflict is written from its own button.' : undefined;
  if (summary !== undefined) byId('plan-summary').textContent = summary;
  byId('change-problem').textContent = changing ? (changePreview?.error ?? '') : '';
  byId('dirty').hidden = !(changing && changePreview?.dirty);
  const command = changing ? changePreview?.command : section === 'project' && current.canApply ? preview?.command : undefined;
  byId('command-box').hidden = !command;
  byId('cli-command').textContent = command ?? '';
  drawFileList();
  applyButton.disabled = !current.canApply;
}

async function refresh(): Promise<void> {
  const ticket = ++asked;
  applyButton.disabled = true;
  const fresh = await call<Preview>('/api/preview', { answers, plugins });
  // An older answer arriving late must not overwrite a newer one.
  if (ticket !== asked) return;
  preview = fresh;
  const active = new Set(fresh.active.map((p) => p.name));
  showResolved(byId('panel-project'), fresh, new Set(Object.keys(answers)), active);
  catalog?.update(fresh, new Set(plugins));
  byId('plugin-problem').textContent = fresh.pluginProblem ?? fresh.error ?? '';
  const problems = Object.keys(fresh.problems).length;
  if (section === 'project') {
    byId('plan-summary').textContent = fresh.files ? `${planSummary(fresh.files)}${fresh.recordChanged ? '; the answers recorded in .yo-rc.json change' : ''}` : problems ? `${problems} answer${problems > 1 ? 's' : ''} to fix before anything can be previewed` : '';
  }
  drawColumn();
  if (openPath && shown().files?.some((f) => f.path === openPath)) await openFile(openPath, false);
}

const refreshLater = debounce(() => void refresh().catch(showError), 150);
/** An edit makes the shown plan older than the form: a preview still on its way is dropped, and Apply waits for the fresh one, which enables it again. */
function refreshSoon(): void {
  asked++;
  applyButton.disabled = true;
  // An edit starts a new change: the last apply's outcome and next steps are not its own.
  result.replaceChildren();
  refreshLater();
}

function drawFileList(): void {
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.path;
  const list = byId('files');
  drawTree(list, shown().files ?? [], showUnchanged.checked || session.mode === 'new', openPath, (path) => void openFile(path, true).catch(showError));
  if (focused) list.querySelector<HTMLElement>(`[data-path="${CSS.escape(focused)}"]`)?.focus();
}

async function openFile(path: string, moveFocus: boolean): Promise<void> {
  const previewId = shown().previewId;
  if (!previewId) return;
  const view = await call<FileView>(`/api/file?${new URLSearchParams({ preview: previewId, path })}`);
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

const models = modelsSection(byId('models'), (proposed) => void proposeChange(proposed).catch(showError));
// A debounced answer arriving after the user left the section proposes nothing there.
const upgradeQuestions = upgradeSection(byId('upgrade-questions'), (proposed) => section === 'upgrade' && void proposeChange(proposed).catch(showError));

async function proposeChange(proposed: ProjectChange): Promise<void> {
  change = proposed;
  changePreview = undefined;
  // The last apply's outcome is not this change's.
  result.replaceChildren();
  drawColumn();
  const ticket = ++changesAsked;
  const fresh = await call<ChangePreview>('/api/change/preview', proposed);
  if (ticket !== changesAsked) return;
  changePreview = fresh;
  if (proposed.kind === 'upgrade') upgradeQuestions.show(fresh);
  drawColumn();
}

function showOutcome(exitCode: number, lines: string[], nextSteps: string[]): void {
  const verdict = exitCode === 0 ? 'Done.' : exitCode === 3 ? 'Done, with conflicts left to resolve in the files listed.' : `Finished with exit code ${exitCode}.`;
  const parts = [el('p', {}, verdict), el('pre', { 'aria-label': 'summary', tabindex: '0' }, lines.join('\n') || '(nothing to report)')];
  if (nextSteps.length) parts.push(el('pre', { 'aria-label': 'next steps', id: 'next-steps', tabindex: '0' }, nextSteps.join('\n')));
  result.replaceChildren(...parts);
}

async function apply(): Promise<void> {
  applyButton.disabled = true;
  result.replaceChildren(el('p', {}, session.mode === 'new' ? 'Generating…' : 'Applying…'));
  if ((section === 'models' || section === 'upgrade') && change) {
    const outcome = await call<ChangeResult>('/api/change/apply', change);
    showOutcome(outcome.exitCode, outcome.lines, outcome.nextSteps);
    change = changePreview = undefined;
    models.reset();
    return (loaded = start());
  }
  const outcome = await call<ApplyResult>('/api/apply', { answers, plugins });
  if ('problems' in outcome) {
    result.replaceChildren(el('p', { class: 'error' }, 'Some answers are refused; see the form.'));
    return refresh();
  }
  const at = outcome.lines.findIndex((line) => /^Next(:|, once)/.test(line));
  showOutcome(outcome.exitCode, at < 0 ? outcome.lines : outcome.lines.slice(0, at), at < 0 ? [] : outcome.lines.slice(at));
  // The folder is a project now (or a newer one): start again from its record.
  await (loaded = start());
}

function describe(): void {
  byId('where').textContent = `${session.mode === 'new' ? 'New project in' : 'Project'} ${session.dir} (djangoflow ${session.version})`;
  const upgrade = byId('upgrade');
  upgrade.hidden = !session.upgrade;
  if (session.upgrade) upgrade.textContent = `Recorded by djangoflow ${session.upgrade.from}: the plan below includes the upgrade to ${session.upgrade.to}.`;
  byId('upgrade-info').textContent = session.upgrade ? `This project was last rendered by djangoflow ${session.upgrade.from}; this is ${session.upgrade.to}. The files column shows the pending change per file (pick one for its diff); Apply upgrades in one step, as djangoflow upgrade does${session.upgrade.questions.length ? ', with your answers to its new questions below' : ''}.` : session.mode === 'new' ? 'Generate the project first.' : `Up to date with djangoflow ${session.version}: nothing to upgrade.`;
  applyButton.textContent = session.mode === 'new' ? 'Generate' : 'Apply';
  byId('unchanged-toggle').hidden = session.mode === 'new';
}

async function start(): Promise<void> {
  session = await call<SessionData>('/api/session');
  answers = { ...session.initial.answers };
  plugins = [...session.initial.plugins];
  describe();
  upgradeQuestions.draw(session.upgrade?.questions ?? []);
  byId('share-box').hidden = session.mode !== 'new';
  if (!form.childElementCount) {
    drawFields(form, session.fields, (name, value) => {
      answers[name] = value;
      refreshSoon();
    });
    // Each plugin's questions move under the plugin in the catalog.
    catalog = catalogSection(byId('catalog'), session.catalog, (plugin) => [...form.querySelectorAll<HTMLElement>(`.field[data-plugin="${CSS.escape(plugin)}"]`)], togglePlugin);
  } else {
    // After an apply the recorded answers are the new baseline.
    form.querySelectorAll<HTMLInputElement>('input, select').forEach((input) => input.blur?.());
    // A wizard's keys (under their plugin in the catalog) were written to .env: they leave the page.
    document.querySelectorAll<HTMLInputElement>('input[type="password"]').forEach((input) => (input.value = ''));
  }
  // A shared link's answers and plugins (new projects only: a project has its record).
  const shared = session.mode === 'new' ? readShare(location.hash) : null;
  if (shared) restore(shared.answers, shared.plugins);
  const [modelsData, settings, conflicts] = await Promise.all([call<ModelsData>('/api/models'), call<SettingsEnvironment[]>('/api/settings'), call<ConflictFile[]>('/api/conflicts')]);
  models.draw(modelsData);
  drawSettings(byId('settings'), settings);
  drawConflicts(byId('conflicts'), conflicts, (lines) => (result.textContent = lines.join('\n')), showError);
  await refresh();
}

function restore(given: Record<string, AnswerValue>, chosen: string[]): void {
  answers = { ...given };
  plugins = [...chosen];
  fillForm(byId('panel-project'), answers);
}

byId('copy-share').addEventListener('click', () => {
  const link = shareLink(location.origin, { answers, plugins }, session.fields);
  void navigator.clipboard?.writeText(link).then(
    () => (result.textContent = `Copied: ${link} (add the part from # to the address djangoflow ui prints)`),
    () => (result.textContent = `Share: ${link}`),
  );
  result.dataset.share = link;
});
byId('restore-share').addEventListener('change', (event) => {
  const shared = readShare((event.target as HTMLInputElement).value);
  if (!shared) return showError(new Error('that link holds no shared answers (#share=...)'));
  restore(shared.answers, shared.plugins);
  refreshSoon();
});
setUpTabs(byId('sections'), (id) => {
  section = id;
  openPath = undefined;
  byId('viewer').replaceChildren(el('p', {}, 'Pick a file to see its content.'));
  byId('view-title').textContent = 'File';
  if (id === 'project') void refresh().catch(showError);
  // Clicked while a session loads (the page's first, or after an Apply), the Upgrade form is not drawn yet: its preview waits for it.
  else if (id === 'upgrade') void loaded.then(() => (section === 'upgrade' ? proposeChange(upgradeQuestions.change()) : undefined)).catch(showError);
  else drawColumn();
});
applyButton.addEventListener('click', () => void apply().catch(showError));
byId('copy-command').addEventListener('click', () => {
  const command = byId('cli-command').textContent ?? '';
  void navigator.clipboard?.writeText(command).then(
    () => (byId('result').textContent = 'Copied the command.'),
    () => (byId('result').textContent = `Copy it from here: ${command}`),
  );
});
showUnchanged.addEventListener('change', drawFileList);
/** The latest session load: a section that needs the session's forms waits for it. */
let loaded = start();
loaded.catch(showError);
