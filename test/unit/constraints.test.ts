/**
 * The constraints of a project (lib/requirements/constraints.ts) from a lock, and that the shipped
 * templates/lock.yaml covers every pin of templates/pins.yaml (a pin changed without
 * `npm run lock` fails here, naming it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { constraintsFor, normalizedName, type RequirementLock } from '../../lib/requirements/constraints.js';
import { repoRoot } from '../support/paths.js';

const lock: RequirementLock = {
  python: {
    '3.12': {
      versions: { asgiref: '3.9.0', sqlparse: '0.5.3', 'typing-extensions': '4.15.0', django: '6.0.8' },
      closures: { django: ['asgiref', 'sqlparse', 'typing-extensions'], 'django-app': ['django', 'asgiref', 'sqlparse'] },
    },
    '3.13': {
      versions: { asgiref: '3.9.1', sqlparse: '0.5.3', django: '6.0.8', channels: '4.3.2' },
      closures: { django: ['asgiref', 'sqlparse'], channels: ['asgiref', 'django', 'sqlparse'] },
      apart: { 'django-chat': { why: 'pins channels==4.0.0', closure: ['asgiref', 'channels'], versions: { asgiref: '3.8.0', channels: '4.0.0' } } },
    },
  },
};

test('the closures of the requirements, their own names left out, sorted', () => {
  expect(constraintsFor(lock, '3.13', ['django'])).toEqual({ lockedOn: '3.13', lines: ['asgiref==3.9.1', 'sqlparse==0.5.3'] });
  // django is a requirement of its own here: the project's pin, not a constraint.
  expect(constraintsFor(lock, '3.12', ['django-app', 'django']).lines).toEqual([
    'asgiref==3.9.0',
    'sqlparse==0.5.3',
    'typing-extensions==4.15.0',
  ]);
});

test('a Python the lock lacks takes the nearest older locked one, else the oldest', () => {
  expect(constraintsFor(lock, '3.14', ['django']).lockedOn).toBe('3.13');
  expect(constraintsFor(lock, '3.11', ['django']).lockedOn).toBe('3.12');
});

test('a pin resolved apart brings its own versions, never over the set installed together', () => {
  expect(constraintsFor(lock, '3.13', ['django-chat', 'django']).lines).toEqual(['asgiref==3.9.1', 'channels==4.0.0', 'sqlparse==0.5.3']);
  // With channels pinned by the project itself, its version is the project's (and pip reports the conflict).
  expect(constraintsFor(lock, '3.13', ['django-chat', 'channels']).lines).toEqual(['asgiref==3.9.1', 'django==6.0.8', 'sqlparse==0.5.3']);
});

test('a requirement the lock does not know, or an empty lock, is one line', () => {
  expect(() => constraintsFor(lock, '3.13', ['flask'])).toThrow(
    /^templates\/lock\.yaml has no closure for "flask" on Python 3\.13: run `npm run lock`$/,
  );
  expect(() => constraintsFor({}, '3.13', ['django'])).toThrow(/has no Python version: run `npm run lock`$/);
});

test('names are normalized as PEP 503 says', () => {
  expect(['Werkzeug[watchdog]', 'psycopg[binary]', 'django_environ', 'zope.interface'].map(normalizedName)).toEqual([
    'werkzeug',
    'psycopg',
    'django-environ',
    'zope-interface',
  ]);
});

test('templates/lock.yaml resolves every pin of templates/pins.yaml on Python 3.12 and 3.13', () => {
  const read = (name: string) => parse(readFileSync(join(repoRoot, 'templates', name), 'utf8'));
  const pins = Object.keys((read('pins.yaml') as { python: Record<string, string> }).python);
  const shipped = read('lock.yaml') as RequirementLock;
  for (const version of ['3.12', '3.13']) {
    const entry = shipped.python?.[version];
    expect(entry).toBeDefined();
    const missing = pins.filter((pin) => !entry!.closures[pin] && !entry!.apart?.[pin]);
    expect({ version, missing }).toEqual({ version, missing: [] });
    // Every pin resolved together is at its pinned version in the lock.
    const pinned = (read('pins.yaml') as { python: Record<string, string> }).python;
    const drifted = Object.keys(entry!.closures).filter(
      (pin) => entry!.versions[normalizedName(pin)] !== pinned[pin],
    );
    expect({ version, drifted }).toEqual({ version, drifted: [] });
  }
});
