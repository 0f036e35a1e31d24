// `npm run lock:hashes` (also the last step of `npm run lock`): writes templates/hashes.yaml,
// the sha256 digest of every file the package index publishes (wheels of every platform and
// the sdist) for every distribution version templates/lock.yaml names, under any Python, and
// every pin of templates/pins.yaml.
// A project's hash-locked requirement files (base/requirements/locked/) carry them, so
// `pip install --require-hashes` / `uv pip install --require-hashes` refuses a file whose
// content differs from what was published when the lock was made, on Linux and macOS alike.
//
// One request per distribution to the index's JSON simple API (PEP 691), a few at a time;
// the output is sorted, so the same lock gives the same file. A version the index has no
// file of fails the run, naming it.
//
// Usage: node scripts/lock-hashes.mjs [--index https://pypi.org/simple]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lockFile = join(root, 'templates/lock.yaml');
const hashesFile = join(root, 'templates/hashes.yaml');
const indexArg = process.argv.indexOf('--index');
const index = (indexArg > 0 ? process.argv[indexArg + 1] : process.env.DJANGOFLOW_INDEX_URL || 'https://pypi.org/simple').replace(/\/$/, '');

function fail(message) {
  console.error(`lock:hashes: ${message}`);
  process.exit(1);
}

const normalized = (name) => name.replace(/[-_.]+/g, '-').toLowerCase();

/** The version part of a distribution file name (wheel or sdist), or undefined. */
export function fileVersion(filename) {
  if (filename.endsWith('.whl')) return filename.split('-')[1];
  const stem = filename.replace(/\.(tar\.gz|tar\.bz2|zip|tgz)$/, '');
  if (stem === filename) return undefined; // .egg, .exe and other formats pip does not install
  return stem.slice(stem.lastIndexOf('-') + 1);
}

/** PEP 440's light normalization, enough to compare a file's version with a pin (`1.0_1` vs `1.0.1`, case). */
const sameVersion = (a, b) => a.toLowerCase().replace(/[-_]/g, '.') === b.toLowerCase().replace(/[-_]/g, '.');

/**
 * Every (name, version) the lock names, under every Python and apart, and every pin of
 * templates/pins.yaml (a withdrawn plugin's pin is in no resolution, yet a project that
 * records it still renders its requirement lines until the plugin is removed).
 */
function lockedVersions(lock, pins) {
  const pairs = new Map();
  for (const [spec, version] of Object.entries(pins.python ?? {})) {
    const name = normalized(spec.replace(/\[.*\]$/, ''));
    pairs.set(`${name}==${version}`, [name, String(version)]);
  }
  for (const entry of Object.values(lock.python ?? {})) {
    const tables = [entry.versions ?? {}, ...Object.values(entry.apart ?? {}).map((apart) => apart.versions ?? {})];
    for (const table of tables) {
      for (const [name, version] of Object.entries(table)) pairs.set(`${normalized(name)}==${version}`, [normalized(name), String(version)]);
    }
  }
  return [...pairs.values()];
}

async function indexFiles(name) {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${index}/${name}/`, { headers: { Accept: 'application/vnd.pypi.simple.v1+json' } });
      if (!response.ok) throw new Error(`${index}/${name}/ answered ${response.status}`);
      return (await response.json()).files;
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}

const lock = parse(readFileSync(lockFile, 'utf8'));
const pins = parse(readFileSync(join(root, 'templates/pins.yaml'), 'utf8'));
const pairs = lockedVersions(lock, pins);
const byName = new Map();
for (const [name, version] of pairs) byName.set(name, [...(byName.get(name) ?? []), version]);

const hashes = {};
const names = [...byName.keys()];
const workers = Array.from({ length: 8 }, async () => {
  for (let name = names.shift(); name; name = names.shift()) {
    const files = await indexFiles(name).catch((error) => fail(`${name}: ${error.message}`));
    for (const version of byName.get(name)) {
      const digests = files
        .filter((file) => fileVersion(file.filename) !== undefined && sameVersion(fileVersion(file.filename), version))
        .map((file) => file.hashes?.sha256)
        .filter(Boolean);
      if (digests.length === 0) fail(`the index has no file of ${name}==${version}`);
      hashes[`${name}==${version}`] = [...new Set(digests)].sort();
    }
  }
});
await Promise.all(workers);

const ordered = Object.fromEntries(Object.keys(hashes).sort().map((key) => [key, hashes[key]]));
const header = [
  '# Written by `npm run lock:hashes` (scripts/lock-hashes.mjs) from templates/lock.yaml: do not edit.',
  '# For every distribution version the lock names, the sha256 of each file the index publishes',
  "# (all platforms' wheels and the sdist): the hashes of a project's base/requirements/locked/.",
];
writeFileSync(hashesFile, `${header.join('\n')}\n${stringify({ hashes: ordered }, { lineWidth: 0 })}`);
const count = Object.values(ordered).reduce((sum, list) => sum + list.length, 0);
console.log(`lock:hashes: wrote ${hashesFile} (${Object.keys(ordered).length} distributions, ${count} files)`);
