/**
 * The exact pins of every transitive dependency of a project's requirements, from
 * templates/lock.yaml (written by `npm run lock`), rendered as base/requirements/constraints.txt.
 * The project's own requirement lines pin its top-level packages; the constraints pin the
 * rest, so `pip install -r local.txt` resolves the same versions on every install.
 */

/** One Python version's entry of lock.yaml. */
export interface PythonLock {
  versions: Record<string, string>;
  closures: Record<string, string[]>;
  apart?: Record<string, { why?: string; closure: string[]; versions: Record<string, string> }>;
}

export interface RequirementLock {
  python?: Record<string, PythonLock>;
}

export interface Constraints {
  /** The Python version whose resolution the lines come from. */
  lockedOn: string;
  /** `name==version`, sorted, the project's top-level packages left out. */
  lines: string[];
}

/** PEP 503 normalized name of a requirement (`Werkzeug[watchdog]` → `werkzeug`). */
export const normalizedName = (requirement: string): string =>
  requirement
    .replace(/[[=<>~!;\s].*$/, '')
    .replace(/[-_.]+/g, '-')
    .toLowerCase();

const minorOf = (version: string): number => Number(version.split('.')[1] ?? 0);

/**
 * The lock entry for `pythonVersion`: its own, else the newest locked version below it
 * (a Python the lock machine lacked resolves as the nearest older one), else the oldest.
 */
function entryFor(lock: RequirementLock, pythonVersion: string): [string, PythonLock] {
  const entries = Object.entries(lock.python ?? {}).sort(([a], [b]) => minorOf(a) - minorOf(b));
  if (entries.length === 0) throw new Error('templates/lock.yaml has no Python version: run `npm run lock`');
  const exact = entries.find(([version]) => version === pythonVersion);
  const older = entries.filter(([version]) => minorOf(version) < minorOf(pythonVersion)).at(-1);
  return exact ?? older ?? entries[0]!;
}

/**
 * Constraint lines for the requirement names a project installs (pins.yaml keys such as
 * `psycopg[binary]`). A name the lock does not know is one line of error: the lock is
 * older than pins.yaml.
 */
export function constraintsFor(lock: RequirementLock, pythonVersion: string, requirements: readonly string[]): Constraints {
  const [lockedOn, entry] = entryFor(lock, pythonVersion);
  const topLevel = new Set(requirements.map(normalizedName));
  const pinned = new Map<string, string>();
  // Apart closures last: where they disagree with the set installed together, that set wins.
  const ordered = [...requirements].sort((a, b) => Number(a in (entry.apart ?? {})) - Number(b in (entry.apart ?? {})));
  for (const requirement of ordered) {
    const apart = entry.apart?.[requirement];
    const closure = apart?.closure ?? entry.closures[requirement];
    if (!closure) {
      throw new Error(`templates/lock.yaml has no closure for "${requirement}" on Python ${lockedOn}: run \`npm run lock\``);
    }
    for (const name of closure) {
      const version = apart?.versions[name] ?? entry.versions[name];
      if (!version) throw new Error(`templates/lock.yaml has no version of "${name}" on Python ${lockedOn}: run \`npm run lock\``);
      if (!topLevel.has(name) && !pinned.has(name)) pinned.set(name, version);
    }
  }
  const lines = [...pinned].map(([name, version]) => `${name}==${version}`).sort();
  return { lockedOn, lines };
}
