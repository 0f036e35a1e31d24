/**
 * Render: a state and the template set to the pristine file tree. The project's templates,
 * each active plugin's files/ and templates/app/ once per recorded app, filtered by the file
 * rules, then formatted where an answer may have unformatted them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { formatFile, formatRendered, unplainAnswerMarkers, type FormatOptions } from '../format.js';
import type { FileTree, FormatFile } from '../reconcile/types.js';
import type { ProjectState } from '../state.js';
import { renderTemplateFile } from '../template-cache.js';
import { templateHelpers } from '../template-helpers.js';
import type { TemplateSet } from '../template-set.js';
import { appTemplateData } from './app-data.js';
import { buildContext, type RenderContext } from './context.js';
import { appFileRules, type FileRule, included, projectFileRules } from './file-rules.js';

const templateSuffix = '.ejs';
/** Path segment replaced by the app name in templates/app/. */
const appToken = '__app__';

/** Folders of EJS partials: included by templates, never rendered as files of their own. */
const partialsFolder = '_partials';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (!entry.isDirectory()) return [path];
    return entry.name === partialsFolder ? [] : walk(path);
  });
}

/** Renders every template under `root` into `tree`, target paths mapped by `target`. */
function renderFolder(
  root: string,
  context: RenderContext,
  tree: FileTree,
  target: (path: string) => string,
  rules: readonly FileRule[] = [],
): void {
  for (const file of walk(root).sort()) {
    const source = relative(root, file).split(sep).join('/');
    const isTemplate = source.endsWith(templateSuffix);
    const templatePath = isTemplate ? source.slice(0, -templateSuffix.length) : source;
    const path = target(templatePath);
    // Rules name template paths (templates/app/ ones keep their `__app__` segment).
    if (!included(templatePath, rules, context)) continue;
    if (!isTemplate) {
      tree.set(path, readFileSync(file));
      continue;
    }
    let text: string;
    try {
      text = renderTemplateFile(file, context);
    } catch (error) {
      throw new Error(`template ${relative(root, file)}: ${(error as Error).message}`);
    }
    if (text.trim() === '') throw new Error(`template ${source} rendered empty; exclude it in the file table instead`);
    tree.set(path, text);
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
  renderFolder(join(templates.dir, 'project'), context, tree, (p) => p, projectFileRules);
  for (const plugin of context.plugins) {
    renderFolder(join(plugin.dir, 'files'), { ...context, plugin }, tree, (p) => p);
  }
  for (const app of context.localApps.filter((a) => a.spec)) {
    const appContext = { ...context, app, scaffold: appTemplateData(app) };
    renderFolder(join(templates.dir, 'app'), appContext, tree, (p) => p.split(appToken).join(app.name), appFileRules);
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
