/**
 * lockedRequirements: a tier's set is its own pins (extras kept) and the base tier's, then
 * the closure's pins, each with its hashes; a version without hashes is one line naming it.
 */
import { lockedRequirements } from '../../lib/requirements/locked.js';

const lock = {
  python: {
    '3.13': {
      versions: { django: '6.0.8', asgiref: '3.13.0', gunicorn: '26.1.0', packaging: '26.0', psycopg: '3.3.4', 'psycopg-binary': '3.3.4' },
      closures: {
        django: ['django', 'asgiref'],
        gunicorn: ['gunicorn', 'packaging'],
        'psycopg[binary]': ['psycopg', 'psycopg-binary'],
        pytest: ['pytest'],
      },
    },
  },
};
const hashes = {
  hashes: {
    'django==6.0.8': ['aa', 'bb'],
    'asgiref==3.13.0': ['cc'],
    'gunicorn==26.1.0': ['dd'],
    'packaging==26.0': ['ee'],
    'psycopg==3.3.4': ['ff'],
    'psycopg-binary==3.3.4': ['11'],
  },
};
const tiers = { base: ['django==6.0.8', 'psycopg[binary]==3.3.4'], local: [], production: ['gunicorn==26.1.0'] };

test('a tier: own and base pins and the closure, as uv writes them (extras dropped, sorted by name), each with its hashes', () => {
  const locked = lockedRequirements(lock, hashes, '3.13', tiers);
  expect(locked.production).toEqual([
    'asgiref==3.13.0 \\\n    --hash=sha256:cc',
    'django==6.0.8 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb',
    'gunicorn==26.1.0 \\\n    --hash=sha256:dd',
    'packaging==26.0 \\\n    --hash=sha256:ee',
    'psycopg==3.3.4 \\\n    --hash=sha256:ff',
    'psycopg-binary==3.3.4 \\\n    --hash=sha256:11',
  ]);
  // The local set has nothing of production's.
  expect(locked.local.join('\n')).not.toContain('gunicorn');
  expect(locked.local.join('\n')).not.toContain('packaging');
});

test('a version hashes.yaml lacks, or a pin that is not exact, is one line', () => {
  const { 'packaging==26.0': _dropped, ...rest } = hashes.hashes;
  expect(() => lockedRequirements(lock, { hashes: rest }, '3.13', tiers)).toThrow(
    'templates/hashes.yaml has no hashes of packaging==26.0: run `npm run lock:hashes`',
  );
  expect(() => lockedRequirements(lock, hashes, '3.13', { ...tiers, local: ['pytest>=9'] })).toThrow(
    'requirement "pytest>=9" is not pinned exactly (name==version); a hash-locked set needs that',
  );
});

test('the real template set has hashes for every version the lock names', async () => {
  const { loadTemplateSet } = await import('../../lib/template-set/index.js');
  const { templatesDir } = await import('../../lib/template-set/paths.js');
  const set = loadTemplateSet(templatesDir());
  const missing: string[] = [];
  for (const entry of Object.values(set.lock.python ?? {})) {
    const tables = [entry.versions, ...Object.values(entry.apart ?? {}).map((apart) => apart.versions)];
    for (const table of tables) {
      for (const [name, version] of Object.entries(table)) {
        if (!set.hashes.hashes?.[`${name}==${version}`]?.length) missing.push(`${name}==${version}`);
      }
    }
  }
  expect(missing).toEqual([]);
});
