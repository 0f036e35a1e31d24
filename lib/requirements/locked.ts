/**
 * A project's hash-locked requirement sets, rendered as base/requirements/locked/<tier>.txt:
 * for each installed tier (local, production), every distribution it installs (the tier's
 * and the base tier's pins, then their transitive dependencies from templates/lock.yaml),
 * each with the sha256 of every file the index publishes for it (templates/hashes.yaml,
 * `npm run lock:hashes`). `pip install --require-hashes -r` and `uv pip install
 * --require-hashes -r` of such a file install exactly those files, or refuse.
 *
 * The layout is `uv pip compile --universal --generate-hashes --no-header --no-annotate`'s
 * (the project's `make lock`, tools/lock): one entry per distribution, its PEP 503 name and
 * version (extras dropped: what they pull in is an entry of its own), sorted by name. So a
 * project the team re-locked differs from the render only where its own requirements do,
 * and a later render's changes (a plugin's requirements, an upgrade) merge in by
 * distribution (lib/merge/locked.ts).
 *
 * Why a file of its own and not hashes in constraints.txt: pip takes no hash from a
 * constraints file for a requirement named in a requirements file (uv does), so one set of
 * files serving both installers carries its hashes on the requirement lines themselves.
 */
import { type RequirementLock, constraintsFor, normalizedName } from './constraints.js';
import type { Tier } from '../plugins/manifest.js';

/** templates/hashes.yaml: `name==version` (PEP 503 name) → the sha256 of each published file. */
export interface HashTable {
  hashes?: Record<string, string[]>;
}

/** The tiers a project installs, each on top of the base tier. */
export const lockedTiers = ['local', 'production'] as const;
export type LockedTier = (typeof lockedTiers)[number];

/** `name[extras]==version ; marker` → [PEP 503 name, version]; undefined when not an exact pin. */
function exactPin(line: string): [string, string] | undefined {
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;]+)/.exec(line.trim());
  return match ? [normalizedName(match[1]!), match[2]!] : undefined;
}

/** One requirement with its hashes, pip-compile's layout (continuation lines, four spaces). */
export function hashedLine(requirement: string, table: HashTable): string {
  const pin = exactPin(requirement);
  if (!pin) throw new Error(`requirement "${requirement}" is not pinned exactly (name==version); a hash-locked set needs that`);
  const digests = table.hashes?.[`${pin[0]}==${pin[1]}`];
  if (!digests?.length) {
    throw new Error(`templates/hashes.yaml has no hashes of ${pin[0]}==${pin[1]}: run \`npm run lock:hashes\``);
  }
  return [requirement, ...digests.map((digest) => `    --hash=sha256:${digest}`)].join(' \\\n');
}

/** `name[extras]==version ; marker` → `name==version ; marker` with the PEP 503 name, as uv writes it. */
function uvSpelling(requirement: string): string {
  const pin = exactPin(requirement);
  if (!pin) throw new Error(`requirement "${requirement}" is not pinned exactly (name==version); a hash-locked set needs that`);
  const marker = /;.*$/.exec(requirement)?.[0].trim();
  return marker ? `${pin[0]}==${pin[1]} ${marker}` : `${pin[0]}==${pin[1]}`;
}

/** Code-point order of PEP 503 names, uv's order (`django` < `django-environ` < `djangorestframework`). */
const byName = (a: string, b: string): number => {
  const [x, y] = [normalizedName(a), normalizedName(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * The locked entries of each installed tier: the tier's and the base tier's pins and the
 * transitive pins they pull in, one entry per distribution with its hashes, sorted by name.
 */
export function lockedRequirements(
  lock: RequirementLock,
  table: HashTable,
  pythonVersion: string,
  tiers: Record<Tier, string[]>,
): Record<LockedTier, string[]> {
  const result = {} as Record<LockedTier, string[]>;
  for (const tier of lockedTiers) {
    const own = [...tiers.base, ...tiers[tier]];
    // A pin that is not exact is refused by its own rule before its closure is looked up.
    const spelled = own.map(uvSpelling);
    const names = own.map((line) => line.replace(/==.*$/, ''));
    const transitive = constraintsFor(lock, pythonVersion, names).lines.map(uvSpelling);
    const entries = new Map<string, string>();
    for (const line of [...spelled, ...transitive]) entries.set(normalizedName(line), line);
    result[tier] = [...entries.values()].sort(byName).map((line) => hashedLine(line, table));
  }
  return result;
}
