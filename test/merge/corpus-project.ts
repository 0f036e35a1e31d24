/**
 * The merge corpus's project and runner: a committed project (DRF on, app `blog` with
 * `Post title:str body:text`) made once through the bin's main from a fixed copy of the
 * template set (release 1), a release 2 of that set for `upgrade`, and one scenario run:
 * copy, the user's edit committed, the commands through the bin's main in this process
 * (generate-in-process.ts: the same commands and lines without a node start-up each), what
 * came out. The project is the subject's input, never its subject: nothing here needs a
 * process of its own.
 */
import { copyFileSync, linkSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { generateInProcess } from '../support/generate-in-process.js';
import { describeRun, type RunResult } from '../support/process.js';
import { memoryScratch, Project, release, releaseEnv, snapshotTemplates, type TemplateEditor, V1, V2 } from '../upgrade/harness.js';

/** A change the user makes and commits: text inserted or replaced in a file. */
export interface Edit {
  path: string;
  /** Insert after the first line equal to `after` (without its line break), or append when absent. */
  after?: string;
  /** Insert before this line (0-based) instead. */
  line?: number;
  /** Replace this exact text instead of inserting. */
  replace?: string;
  text: string;
}

export interface Scenario {
  name: string;
  edits: Edit[];
  /** One or more commands, each committed before the next (`upgrade` runs release 2). */
  commands: string[][];
  /** clean: exit 0, no markers anywhere; conflict: exit 3, markers in `conflictIn`. */
  expect: 'clean' | 'conflict';
  conflictIn?: string;
}

export interface Outcome {
  project: Project;
  results: RunResult[];
}

export interface Corpus {
  /** The committed blog project (copied per scenario, never changed). */
  base: string;
  v1: string;
  v2: string;
}

/**
 * Release 2: what an upgrade brings to the files users extend: a CI step (and a changed
 * one), a URL, a setting, a README paragraph, an environment variable, a requirement.
 */
function releaseTwo(editor: TemplateEditor): void {
  editor.replace('project/.github/workflows/ci.yml.ejs', '        run: python -m pytest\n', '        run: python -m pytest\n      - name: Coverage report\n        run: python -m coverage report\n');
  editor.replace('project/.github/workflows/ci.yml.ejs', '        run: python -m mypy\n', '        run: python -m mypy --warn-unused-ignores\n');
  editor.replace('project/src/config/urls.py.ejs', '    path("api/", include("config.api.routes")),\n', '    path("api/", include("config.api.routes")),\n    path("status/", include("core.urls")),\n');
  editor.replace('project/src/config/sections/general.py.ejs', 'DEBUG = False\n', 'DEBUG = False\n\nDATA_UPLOAD_MAX_NUMBER_FIELDS = 2000\n');
  editor.append('project/README.md.ejs', '\nRelease 1.1.0 added this paragraph.\n');
  editor.replace(
    'env.yaml',
    '- { name: DJANGO_LOG_LEVEL,',
    '- { name: DJANGO_LOG_SQL, example: "false", description: Log every SQL query, group: Django, kind: environment }\n- { name: DJANGO_LOG_LEVEL,',
  );
  // A pin the lock and its hashes already hold (a plugin's), so the locked files render.
  editor.append('project/base/requirements/base.txt.ejs', 'django-cors-headers==4.9.0\n');
}

export async function makeCorpus(): Promise<Corpus> {
  const v1 = snapshotTemplates();
  const v2 = release(v1, releaseTwo);
  const seed = memoryScratch('seed');
  const generated = await generateInProcess(['--defaults', '--project-name', 'Acme Shop', '--api', 'drf'], { cwd: seed, env: releaseEnv({ templates: v1, version: V1 }) });
  if (generated.code !== 0) throw new Error(describeRun('generation', generated));
  const project = await Project.fromSeed(seed, 'memory');
  const blog = await project.djangoflow(['startapp', 'blog', '--model', 'Post', 'title:str', 'body:text'], { templates: v1, version: V1 });
  if (blog.code !== 0) throw new Error(describeRun('startapp', blog));
  project.commit('blog');
  return { base: project.dir, v1, v2 };
}

/**
 * A copy of a project folder, its repository included: files copied (mode kept), links as
 * links, and git's object files hard-linked. Git never writes an object file in place (a
 * new object is a new file, a repack writes new packs), so the copies share them as
 * `git clone --local` does; everything else (index, refs, work tree) is the copy's own.
 * Cheaper than fs.cpSync, which stats each path several times, for the hundreds of files
 * every scenario copies.
 */
export function copyProject(from: string, to: string, objects = false): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) copyProject(source, target, objects || source.endsWith('/.git/objects'));
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (objects) linkSync(source, target);
    else copyFileSync(source, target);
  }
}

/**
 * The scenario's project: a copy of the corpus project with the edits committed. The edits
 * only change files the corpus commit holds (applyEdit reads each file first) and the copy
 * starts clean, so `commit -a` commits what `add -A` and `commit` would, in one git process.
 */
export function editedCopy(corpus: Corpus, scenario: Pick<Scenario, 'name' | 'edits'>): Project {
  const project = new Project(join(memoryScratch('corpus'), 'acme_shop'));
  copyProject(corpus.base, project.dir);
  for (const edit of scenario.edits) applyEdit(project, edit);
  project.git('commit', '-q', '-a', '--allow-empty', '-m', `user: ${scenario.name}`);
  return project;
}

export function applyEdit(project: Project, edit: Edit): void {
  const text = project.read(edit.path);
  if (edit.replace !== undefined) {
    if (!text.includes(edit.replace)) throw new Error(`scenario setup: ${JSON.stringify(edit.replace)} not in ${edit.path}`);
    project.write(edit.path, text.replace(edit.replace, edit.text));
    return;
  }
  if (edit.line !== undefined) {
    const lines = text.split(/(?<=\n)/);
    lines.splice(edit.line, 0, edit.text);
    project.write(edit.path, lines.join(''));
    return;
  }
  if (edit.after === undefined) {
    project.write(edit.path, text + edit.text);
    return;
  }
  const lines = text.split(/(?<=\n)/);
  const at = lines.findIndex((line) => line.replace(/\r?\n$/, '') === edit.after);
  if (at < 0) throw new Error(`scenario setup: line ${JSON.stringify(edit.after)} not in ${edit.path}`);
  lines.splice(at + 1, 0, edit.text);
  project.write(edit.path, lines.join(''));
}

/** The commands in order, each committed before the next (the last one's result is the work tree). */
export async function runScenario(corpus: Corpus, scenario: Scenario): Promise<Outcome> {
  const project = editedCopy(corpus, scenario);
  const results: RunResult[] = [];
  for (const [index, command] of scenario.commands.entries()) {
    const upgrade = command[0] === 'upgrade';
    const options = upgrade ? { templates: corpus.v2, version: V2 } : { templates: corpus.v1, version: V1 };
    const result = await project.inProcess([...command, '--verbose'], options);
    results.push(result);
    if (result.code !== 0) break;
    if (index < scenario.commands.length - 1) project.commit(`djangoflow ${command.join(' ')}`);
  }
  return { project, results };
}

/** Files of the project holding conflict markers (`git grep`, the working tree). */
export function filesWithMarkers(project: Project): string[] {
  try {
    return project.git('grep', '--untracked', '-l', '-E', '^(<<<<<<<|>>>>>>>) ', '--', '.').trim().split('\n').filter(Boolean).sort();
  } catch {
    return []; // git grep exits 1 when nothing matches
  }
}
