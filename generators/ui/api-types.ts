/**
 * The API of `djangoflow ui` as types, in one place: what the server (form.ts, session.ts,
 * file-view.ts, diff.ts) answers and the page (page/) reads and sends. The server's modules
 * build these shapes and the page imports them with `import type`, so a change here fails
 * whichever side no longer fits. It imports nothing and touches neither the DOM nor Node:
 * the page's own typecheck (page/tsconfig.json, DOM types, no Node types) compiles it, and
 * the bundler erases it (scripts/bundle.mjs).
 */

/** An answer as the question table holds it (lib/questions/table.ts `AnswerValue`). */
export type AnswerValue = string | boolean;

/** A question as the page draws it: the prompt's message is the label, the option is shown beside it. */
export interface Field {
  name: string;
  option: string;
  type: 'input' | 'list' | 'confirm';
  label: string;
  description: string;
  choices?: { value: string; label: string }[];
  /** An item-set question (`--api drf,ninja`): several of these may be chosen; the answer is their comma-separated list, or `none`. */
  items?: { value: string; label: string }[];
  /** Set for a plugin's question: shown while that plugin is active. */
  plugin?: string;
  /** A main question's group in the Project section (lib/questions/table.ts `questionGroups`); absent for a plugin's question. */
  group?: 'identity' | 'stack' | 'services' | 'delivery';
  /** An integration wizard's setting (a key or secret): a password field, written to .env only, never echoed back, never in a link or a command. */
  secret?: boolean;
}

export interface CatalogEntry {
  name: string;
  summary: string;
  kind: string;
  requires: string[];
  conflicts: string[];
  /** Switched by a main answer: the page points at the question instead of a checkbox. */
  enabledBy?: { question: string; values: AnswerValue[] };
}

/** What the page sends: the fields the user set (others take the record or the default) and the explicit plugins. */
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
  /** Where the form starts: the record's plugins, or the default ones. */
  initial: FormInput;
  /**
   * Set when the record was written by another generator version: applying upgrades it.
   * `questions`: the ones this version added (the record has no answer), asked in the Upgrade section.
   */
  upgrade?: { from: string; to: string; questions: Field[] };
}

export interface PluginStatus {
  name: string;
  how: 'answer' | 'explicit' | 'dependency';
  requiredBy: string[];
}

/** The form as the CLI would resolve it. */
export interface ResolvedForm {
  /** Every field's value as the CLI would take it, defaults filled in. */
  values: Record<string, AnswerValue>;
  /** The CLI's message per field that refuses its value. */
  problems: Record<string, string>;
  active: PluginStatus[];
  /** A dependency or conflict problem of the plugin set, as the CLI words it. */
  pluginProblem?: string;
}

/** What the reconcile does to one file (lib/reconcile/types.ts `FileDecision['action']`). */
export type FileAction = 'create' | 'update' | 'merge' | 'conflict' | 'keep' | 'delete' | 'skip' | 'unchanged';

export interface PlannedFile {
  path: string;
  action: FileAction;
  reason: string;
}

/** The resolved form and, when it is valid, the plan of every file (nothing written). */
export interface Preview extends ResolvedForm {
  previewId?: string;
  files?: PlannedFile[];
  recordChanged?: boolean;
  /** The same change as terminal commands (Copy as CLI command). */
  command?: string;
  error?: string;
}

export interface DiffLine {
  kind: ' ' | '+' | '-';
  text: string;
}

export interface Hunk {
  /** 1-based first line in the old and new text. */
  oldStart: number;
  newStart: number;
  lines: DiffLine[];
}

/** One planned file: disk and planned content, the diff, a conflict's three versions. */
export interface FileView extends PlannedFile {
  from?: string;
  /** The file as it is now in the folder (absent for a file not there). */
  current?: string;
  /** What the plan writes (for a conflict: the text with its markers). */
  next?: string;
  diff?: Hunk[];
  stages?: { base?: string; ours: string; theirs: string };
  /** Binary or too large to show as text. */
  notShown?: string;
}

/** Apply: the CLI's exit code and lines, or the form's problems when it was refused. */
export type ApplyResult = { exitCode: number; lines: string[] } | { problems: Record<string, string>; pluginProblem?: string };

/** A change of the Apps and models section: the words of `djangoflow startapp`, `djangoflow model` or `djangoflow adopt-app`. */
export type ProjectChange =
  | { kind: 'startapp'; name: string; /** `--model` values: "Post title:str body:text". */ models: string[]; pages: boolean }
  | { kind: 'model'; app: string; model: string; /** `title:str?:120`, the field language's words. */ fields: string[]; removeFields: string[]; remove: boolean; pages?: boolean }
  /** `adopt-app <name>`: a hand-made app of src/apps/ recorded as adopted (only the record changes). */
  | { kind: 'adopt'; name: string }
  /**
   * The Upgrade section: `djangoflow upgrade [--question value...] --defaults`: the answers the
   * user gave to questions the new version added; the others added take their defaults.
   */
  | { kind: 'upgrade'; answers?: Record<string, AnswerValue> };

/** A field type of the field language (lib/render/field-types.ts) as the editor offers it. */
export interface FieldTypeInfo {
  name: string;
  description: string;
  relation?: 'fk' | 'o2o' | 'm2m';
  choices: boolean;
  /** `?` is accepted (false: optional already). */
  optional: boolean;
  maxLength: boolean;
  /** unique/index accepted. */
  indexable: boolean;
  defaultKind?: string;
}

export interface RecordedModel {
  name: string;
  pages: boolean;
  /** Each field as its word in the field language (`title:str?:120`) and its parts. */
  fields: { name: string; type: string; word: string; target?: string }[];
}

export interface RecordedApp {
  name: string;
  adopted: boolean;
  models: RecordedModel[];
}

export interface ModelsData {
  apps: RecordedApp[];
  fieldTypes: FieldTypeInfo[];
  /** Every model a relation may point at, `app.Model` (the starter apps' and the recorded ones). */
  targets: string[];
  /** The folders of src/apps/ holding a Django app not recorded yet (what `adopt-app` takes). */
  adoptable: string[];
  /** Why no app or model change can be made now (no project yet, an older record), else absent. */
  blocked?: string;
}

/** A change previewed: its plan, the CLI command that makes the same change, what follows it. */
export interface ChangePreview {
  previewId?: string;
  files?: PlannedFile[];
  /** Whether anything would be written (a file or the record): Apply is offered only then. */
  changes?: boolean;
  /** Uncommitted changes in the git tree: apply refuses them (the CLI's guard), shown before. */
  dirty?: boolean;
  command?: string;
  /** The CLI's next steps after this change (lib/run/next-steps.ts). */
  nextSteps?: string[];
  /** An upgrade: the answers the added questions take (given or their defaults), by question name. */
  answers?: Record<string, AnswerValue>;
  error?: string;
  /** The question the error is about (an upgrade's refused answer), when it names one. */
  errorField?: string;
}

/** A change applied: the CLI's exit code, its lines, and its next steps apart. */
export interface ChangeResult {
  exitCode: number;
  lines: string[];
  nextSteps: string[];
}

/** One environment of the settings table (lib/settings/): names and presence only, never a value. */
export interface SettingsEnvironment {
  environment: string;
  /** Where the values were read (`.env` locally), absent when none are read. */
  source?: string;
  rows: { name: string; kind: string; owner: string; description: string; required: boolean; presence: string }[];
  missing: string[];
}

/** One conflicted hunk: its three versions (base absent when the merge had none). */
export interface ConflictHunk {
  yours: string;
  base?: string;
  template: string;
}

/** A file a run left unresolved: markers inline (hunks and the whole file as each version), or a binary's sidecar. */
export interface ConflictFile {
  path: string;
  hunks: ConflictHunk[];
  versions?: { base: string; yours: string; template: string };
  /** Why it cannot be resolved hunk by hunk here (a binary's `.djangoflow-new`, markers edited by hand). */
  byHand?: string;
}

/** Per hunk, in order: keep yours, take the template's, or both (yours first). */
export type HunkChoiceName = 'yours' | 'template' | 'both';

export interface ConflictResolution {
  path: string;
  choices: HunkChoiceName[];
}

/** A resolution applied: the lines said, and the conflicts left. */
export interface ConflictResult {
  lines: string[];
  conflicts: ConflictFile[];
}
