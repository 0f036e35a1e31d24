/**
 * Render: a state and the template set to the pristine file tree. The project's templates,
 * each active plugin's files/ and templates/app/ once per recorded app (a template with a
 * `__model__` segment once per model of the app, `model` in its context), filtered by the
 * file rules, then formatted where an answer may have unformatted them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { formatFile, type FormatOptions } from '../format/format.js';
import { formatRendered, unplainAnswerMarkers } from '../format/needs-formatting.js';
import type { FileTree, FormatFile } from '../reconcile/types.js';
import type { ProjectState } from '../record/state.js';
import { renderTemplateFile } from '../template-set/template-cache.js';
import { templateHelpers } from '../template-set/template-helpers.js';
import type { TemplateSet } from '../template-set/index.js';
import { type AppTemplateData, appTemplateData } from './app-data.js';
import { buildContext, type RenderContext } from './context.js';
import { appFileRules, type FileRule, included, projectFileRules } from './file-rules.js';

const templateSuffix = '.ejs';
/** Path segment replaced by the app name in templates/app/. */
const appToken = '__app__';
/** Path segment of templates/app/ rendered once per model, replaced by its model_name (`blogpost`). */
const modelToken = '__model__';

/** Folders of EJS partials: included by templates, never rendered as files of their own. */
const partialsFolder = '_partials';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (!entry.isDirectory()) return [path];
    return entry.name === partialsFolder ? [] : walk(path);
  });
}

/** The files one template path makes: each target path with the context it renders in. */
type Targets = (templatePath: string, context: RenderContext) => { path: string; context: RenderContext }[];

const samePath: Targets = (path, context) => [{ path, context }];

/** templates/app/ paths for one app: `__app__` is its name, a `__model__` path one file per model. */
function appTargets(appName: string, scaffold: AppTemplateData): Targets {
  return (templatePath, context) => {
    const path = templatePath.split(appToken).join(appName);
    if (!path.includes(modelToken)) return [{ path, context }];
    return scaffold.models.map((model) => ({ path: path.split(modelToken).join(model.modelName), context: { ...context, model } }));
  };
}

/** Renders every template under `root` into `tree`, target paths and contexts given by `targets`. */
function renderFolder(root: string, context: RenderContext, tree: FileTree, targets: Targets, rules: readonly FileRule[] = []): void {
  for (const file of walk(root).sort()) {
    const source = relative(root, file).split(sep).join('/');
    const isTemplate = source.endsWith(templateSuffix);
    const templatePath = isTemplate ? source.slice(0, -templateSuffix.length) : source;
    for (const { path, context: fileContext } of targets(templatePath, context)) {
      // Rules name template paths (templates/app/ ones keep their `__app__` and `__model__` segments).
      if (!included(templatePath, rules, fileContext)) continue;
      if (!isTemplate) {
        tree.set(path, readFileSync(file));
        continue;
      }
      let text: string;
      try {
        text = renderTemplateFile(file, fileContext);
      } catch (error) {
        throw new Error(`template ${relative(root, file)}: ${(error as Error).message}`);
      }
      if (text.trim() === '') throw new Error(`template ${source} rendered empty; exclude it in the file table instead`);
      tree.set(path, text);
    }
  }
}

export interface Render {
  /** The pristine tree: formatted, before any user edit. */
  tree: FileTree;
  /** The formatter of this project's files, for the render and for a user's files in a merge. */
  format: FormatFile;
}

/** The templates' output for a state, before formatting (the equivalence test reads it). */
export function renderTemplates(state: ProjectState, templates: TemplateSet): { tree: FileTree; context: RenderContext } {
  const context: RenderContext = { ...buildContext(state, templates), ...templateHelpers };
  const tree: FileTree = new Map();
  renderFolder(join(templates.dir, 'project'), context, tree, samePath, projectFileRules);
  for (const plugin of context.plugins) {
    renderFolder(join(plugin.dir, 'files'), { ...context, plugin }, tree, samePath, projectFileRules);
  }
  for (const app of context.localApps.filter((a) => a.spec)) {
    const scaffold = appTemplateData(app);
    renderFolder(join(templates.dir, 'app'), { ...context, app, scaffold }, tree, appTargets(app.name, scaffold), appFileRules);
  }
  return { tree, context };
}

/**
 * Renders the whole project for a state. Templates render formatted text, so a file goes
 * through the formatter only where an answer can have unformatted it (formatRendered).
 */
export async function renderProject(state: ProjectState, templates: TemplateSet): Promise<Render> {
  const { tree, context } = renderTemplates(state, templates);
  const options = formatOptions(context);
  const texts = [...tree.values()].filter((content): content is string => typeof content === 'string');
  const markers = unplainAnswerMarkers(state.answers, texts);
  const formatted: FileTree = new Map();
  for (const [path, content] of [...tree.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    formatted.set(path, typeof content === 'string' ? await reportingPath(path, () => formatRendered(path, content, options, markers)) : content);
  }
  return { tree: formatted, format: (path, content) => reportingPath(path, () => formatFile(path, content, options)) };
}

export function formatOptions(context: RenderContext): FormatOptions {
  return {
    firstParty: ['config', ...context.localApps.map((a) => a.name)],
    pythonVersion: String(context.pythonVersion ?? '3.12'),
  };
}

async function reportingPath(path: string, format: () => Promise<string>): Promise<string> {
  try {
    return await format();
  } catch (error) {
    throw new Error(`cannot format ${path}: ${(error as Error).message}`);
  }
}
