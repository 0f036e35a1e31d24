/** Content of one file: a string is text (LF line endings in pristine trees), a Buffer is binary. */
export type FileContent = string | Buffer;

/** posix path relative to the project root -> content. Pristine trees are formatted, with LF endings. */
export type FileTree = Map<string, FileContent>;

export type Action =
  | 'create' // not on disk: written from the new render
  | 'update' // untouched by the user: replaced by the new render
  | 'merge' // changed by both: 3-way merged without conflicts
  | 'conflict' // changed by both: conflict markers inline (text) or new version beside it (binary)
  | 'keep' // the user's file stays as it is
  | 'delete' // removed (or renamed) by the template and untouched by the user
  | 'skip' // deleted by the user: stays deleted
  | 'unchanged'; // already what it should be

/** The three versions of a conflicted file, for git's index (stages 1, 2, 3). */
export interface ConflictStages {
  base?: FileContent;
  ours: FileContent;
  theirs: FileContent;
}

export interface FileDecision {
  path: string;
  action: Action;
  /** Why, in words meant for the user. */
  reason: string;
  /** Rename source: the old path whose content moved here. */
  from?: string;
  /** What gets written: at `sidecar` when set, else at `path`. Only for actions that write. */
  content?: FileContent;
  /** Binary conflict: where the new version is written beside the user's file. */
  sidecar?: string;
  /** Conflicts: the versions to record as unmerged index entries in a git repository. */
  stages?: ConflictStages;
  /** A merge: what was combined from both sides (shown with --verbose). */
  combined?: string[];
}

export interface ReconcileReport {
  decisions: FileDecision[];
  /** Paths left with conflicts (markers inline, or a `.djangoflow-new` sidecar for binaries). */
  conflicts: string[];
  /** True when applying the report would write or delete anything. */
  changed: boolean;
}

/** Conflict marker labels: `<<<<<<< yours`, `||||||| base`, `>>>>>>> djangoflow 0.2.0`. */
export interface MergeLabels {
  ours: string;
  base: string;
  theirs: string;
}

/** The generation formatters; must be idempotent. May throw on unparsable input. */
export type FormatFile = (path: string, content: string) => Promise<string>;

export interface PlanInput {
  projectDir: string;
  /** Last pristine render; null on the first generation. */
  base: FileTree | null;
  /** The new pristine render. */
  theirs: FileTree;
  /** Explicit template renames, old path -> new path (renames are also detected by content). */
  renames?: Record<string, string>;
  /** Formats a user's file before comparing or merging, so formatting never conflicts. */
  format?: FormatFile;
  labels?: Partial<MergeLabels>;
}

export interface ApplyOptions {
  /** Written in the same transaction whatever the plan says (e.g. `.yo-rc.json`). */
  alwaysWrite?: FileTree;
  /** Written only when absent (e.g. `.env`). */
  createOnly?: FileTree;
  /** Written when changed, readable by the owner only, never in the base (`.env` with a wizard's values). */
  secrets?: FileTree;
  /** Saved as the new pristine base once the files are in place; a failure rolls the files back. */
  pristine?: FileTree;
  /** Message of the pristine commit (git store). */
  pristineMessage?: string;
  /** Test hook: fail after this many files were moved into place (also env DJANGOFLOW_FAIL_AFTER_WRITES). */
  failAfterWrites?: number;
  /** Test hook: called after each file was moved into place (e.g. to emit SIGINT). */
  afterWrite?: (count: number) => void;
}
