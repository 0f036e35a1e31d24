/**
 * The generated project's hash-locked requirement sets (base/requirements/locked/): every
 * requirement of a tier and every constraint it pulls in, each with the hashes of
 * templates/hashes.yaml; and an install of the project's real file with one hash altered is
 * refused by uv and by pip, naming the distribution.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createAndInstall, findUv, type Installer } from '../support/installer.js';
import { pipCacheDir, pyenvPython, uvCacheDir } from '../support/stack.js';
import { lockedEntries } from '../support/locked-file.js';
import { defaultProjectWithScratch } from './scratch-project.js';
import { templatesDir } from '../../lib/template-set/paths.js';

const project = defaultProjectWithScratch('hash-lock');
const read = project.read;

const requirementLines = (text: string): string[] =>
  text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#') && !line.startsWith('-'));

/** `Werkzeug[watchdog]==3.1.8` → `werkzeug==3.1.8`: a locked entry as uv writes it (PEP 503 name, extras dropped). */
const asLocked = (requirement: string): string => {
  const [name, version] = requirement.replace(/\[[^\]]*\]/, '').split('==');
  return `${name!.toLowerCase().replace(/[-_.]+/g, '-')}==${version}`;
};

test.each(['local', 'production'])(
  'locked/%s.txt: every pin of base.txt, the tier and the constraints, with the lock hashes',
  (tier) => {
    const locked = lockedEntries(read(`base/requirements/locked/${tier}.txt`));
    const table = (
      parse(readFileSync(join(templatesDir(), 'hashes.yaml'), 'utf8')) as {
        hashes: Record<string, string[]>;
      }
    ).hashes;
    const expected = [
      ...requirementLines(read('base/requirements/base.txt')),
      ...requirementLines(read(`base/requirements/${tier}.txt`)),
    ].map(asLocked);
    // uv's layout (what `make lock` writes): sorted by name, so a re-locked file merges by entry.
    const names = [...locked.keys()].map((key) => key.split('==')[0]!);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect([...locked.keys()].sort()).toEqual(expect.arrayContaining(expected.sort()));
    // The rest are the constraints this tier pulls in (that the set is complete, pip and uv
    // prove: --require-hashes refuses a dependency without a pinned, hashed line).
    const constraints = new Set(requirementLines(read('base/requirements/constraints.txt')).map(asLocked));
    const transitive = [...locked.keys()].filter((requirement) => !expected.includes(requirement));
    expect(transitive.filter((requirement) => !constraints.has(requirement))).toEqual([]);
    expect(transitive.length).toBeGreaterThan(10);
    expect(locked.get('django==6.0.8')).toBeDefined();
    for (const [requirement, hashes] of locked) {
      expect({ requirement, hashes }).toEqual({
        requirement,
        hashes: table[asLocked(requirement)],
      });
      expect(hashes.length).toBeGreaterThan(0);
    }
    // Nothing the tier does not need: the production servers are not in the local set.
    if (tier === 'local') expect([...locked.keys()].some((key) => key.startsWith('gunicorn=='))).toBe(false);
  },
);

/** The project's locked local set with one hash altered: certifi's (its version has one file). */
function tampered(): string {
  const text = read('base/requirements/locked/local.txt');
  const hash = lockedEntries(text).get('certifi==2026.10.19.post1')?.[0];
  if (!hash) throw new Error('locked/local.txt has no single-file certifi entry to alter; pick another');
  const altered = hash.slice(0, -4) + (hash.endsWith('0000') ? '1111' : '0000');
  const path = join(project.work, 'tampered-local.txt');
  writeFileSync(path, text.replace(hash, altered));
  return path;
}

const installers = (): Installer[] => {
  const uv = findUv();
  if (!uv) throw new Error('no uv: run .ci/run once, or set DJANGOFLOW_UV to a uv binary');
  return [{ kind: 'uv', uv }, { kind: 'pip' }];
};

test("one altered hash in the project's locked set: uv and pip both refuse the install, naming the file", async () => {
  const path = tampered();
  for (const installer of installers()) {
    const venv = join(project.work, `venv-${installer.kind}`);
    const attempt = createAndInstall(installer, {
      interpreter: pyenvPython('3.13'),
      venv,
      cwd: project.work,
      args: ['--require-hashes', '-r', path],
      env: { ...process.env, PIP_CACHE_DIR: pipCacheDir() },
      uvCache: uvCacheDir(),
    });
    await expect(attempt).rejects.toThrow(
      installer.kind === 'uv'
        ? /Hash mismatch for `certifi==2026\.10\.19\.post1`/
        : /DO NOT MATCH THE HASHES[\s\S]*certifi==2026\.10\.19\.post1/,
    );
  }
}, 900_000);
