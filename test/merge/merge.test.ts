/**
 * lib/merge on its own: the line merge's rules (insert/insert order, lines added
 * identically once, items, conflicts), Python by definition, the parse check per language,
 * CR bytes, the git fallback; and a seeded property: random independent edits of random
 * files never conflict and keep every edit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { mergeFile, type FallbackMerge } from '../../lib/merge/index.js';
import { itemName, joinLines, mergeLines, splitLines } from '../../lib/merge/lines.js';
import { applyReconcile, formatReport, planReconcile } from '../../lib/reconcile/index.js';
import { mergeText } from '../../lib/reconcile/merge.js';
import { makeProject, removeProjects, tree } from '../reconcile/helpers.js';
import { seededRandom as random } from '../support/random.js';

const labels = { ours: 'yours', base: 'base', theirs: 'djangoflow' };
const noFallback: FallbackMerge = async () => {
  throw new Error('the fallback was not expected');
};
const merge = (path: string, base: string, ours: string, theirs: string) => mergeFile(path, base, ours, theirs, labels, noFallback);
const lines = (...l: string[]) => l.map((x) => `${x}\n`).join('');

describe('line merge', () => {
  test('both inserted at the end of a module: the template block first, then the user trailing code', async () => {
    const base = lines('a: 1');
    const result = await merge('x.txt', base, base + lines('mine: 1'), base + lines('theirs: 1'));
    expect(result).toMatchObject({ conflicts: 0, text: lines('a: 1', 'theirs: 1', 'mine: 1') });
    expect(result.combined).toEqual(["your lines with the template's where both inserted at one place"]);
  });

  test('both inserted inside an indented block: the user lines first', async () => {
    const base = lines('services:', '  web: 1', 'volumes: {}');
    const result = await merge('c.txt', base, base.replace('  web: 1\n', '  web: 1\n  mine: 1\n'), base.replace('  web: 1\n', '  web: 1\n  theirs: 1\n'));
    expect(result.text).toBe(lines('services:', '  web: 1', '  mine: 1', '  theirs: 1', 'volumes: {}'));
  });

  test('lines both sides added identically at the head or tail are kept once', async () => {
    const base = lines('a');
    const result = await merge('x.txt', base, base + lines('same', 'mine', 'end'), base + lines('same', 'theirs', 'end'));
    expect(result.text).toBe(lines('a', 'same', 'theirs', 'mine', 'end'));
  });

  test('items: a requirement the user already added is not added twice; one with another pin conflicts', async () => {
    const base = lines('django==6.0');
    const same = await merge('base/requirements/base.txt', base, base + lines('requests==2', 'celery==5'), base + lines('celery==5', 'redis==8'));
    expect(same.text).toBe(lines('django==6.0', 'redis==8', 'requests==2', 'celery==5'));
    const other = await merge('base/requirements/base.txt', base, base + lines('celery==4'), base + lines('celery==5'));
    expect(other.conflicts).toBe(1);
    expect(itemName('Django_Filters[extra]>=2 ; python_version>"3"')).toBe('django-filters');
    expect(itemName('# comment')).toBe('');
  });

  test('the same line changed differently conflicts, zdiff3 style; touching changes do not', async () => {
    const base = lines('a', 'b', 'c', 'd');
    const conflict = await merge('x.txt', base, lines('a', 'B1', 'c', 'd'), lines('a', 'B2', 'c', 'd'));
    expect(conflict).toMatchObject({ conflicts: 1, text: lines('a', '<<<<<<< yours', 'B1', '||||||| base', 'b', '=======', 'B2', '>>>>>>> djangoflow', 'c', 'd') });
    const touching = await merge('x.txt', base, lines('a', 'B', 'c', 'd'), lines('a', 'b', 'C', 'd'));
    expect(touching).toMatchObject({ conflicts: 0, text: lines('a', 'B', 'C', 'd') });
  });

  test('an insertion next to a range the other side removed stays', async () => {
    const base = lines('a', 'b', 'c');
    const result = await merge('x.txt', base, lines('a', 'new', 'b', 'c'), lines('a', 'c'));
    expect(result).toMatchObject({ conflicts: 0, text: lines('a', 'new', 'c') });
  });

  test("the user's CRLF lines in an LF file keep their CR, merged and in conflicts", async () => {
    const base = lines('a', 'b', 'c', 'd', 'e');
    const ours = 'a\r\nb\nc\nd\nE mine\r\n';
    const clean = await merge('x.txt', base, ours, lines('a', 'b', 'C', 'd', 'e'));
    expect(clean.text).toBe('a\r\nb\nC\nd\nE mine\r\n');
    const conflict = await merge('x.txt', base, ours, lines('a', 'b', 'c', 'd', 'E theirs'));
    expect(conflict.conflicts).toBe(1);
    expect(conflict.text).toContain('<<<<<<< yours\nE mine\r\n||||||| base\ne\n=======\nE theirs\n>>>>>>> djangoflow\n');
    expect(conflict.text.startsWith('a\r\n')).toBe(true);
  });

  test('a last line without a break gets one when lines follow it', () => {
    expect(joinLines(['a', 'b\n'])).toBe('a\nb\n');
    expect(splitLines('a\nb')).toEqual(['a\n', 'b']);
  });

  test('too long an edit script falls back to git merge-file', async () => {
    const base = Array.from({ length: 8000 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const ours = Array.from({ length: 8000 }, (_, i) => `mine ${i}`).join('\n') + '\n';
    const theirs = Array.from({ length: 8000 }, (_, i) => `theirs ${i}`).join('\n') + '\n';
    expect(mergeLines(splitLines(base), splitLines(ours), splitLines(theirs), { labels })).toBeNull();
    const result = await mergeText('big.txt', base, ours, theirs);
    expect(result.conflicts).toBe(1);
    expect(result.text).toContain('<<<<<<< yours');
  });
});

const MODEL = `from django.db import models


class Post(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return "/x"
`;

describe('Python by definition', () => {
  test('a field, a method and a helper of the user with a field, a removed method and a class of the template', async () => {
    const ours = MODEL.replace('    body = models.TextField()\n', '    body = models.TextField()\n    note = models.TextField()\n')
      .replace('        return self.title\n', '        return self.title\n\n    def shout(self):\n        return self.title.upper()\n') + '\n\ndef helper():\n    return 1\n';
    const theirs = MODEL.replace('    body = models.TextField()\n', '    body = models.TextField()\n    subtitle = models.TextField()\n')
      .replace('\n    def get_absolute_url(self):\n        return "/x"\n', '') + '\n\nclass Comment(models.Model):\n    body = models.TextField()\n';
    const result = await merge('blog/models.py', MODEL, ours, theirs);
    expect(result.conflicts).toBe(0);
    expect(result.text).toBe(`from django.db import models


class Post(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()
    note = models.TextField()
    subtitle = models.TextField()

    def __str__(self):
        return self.title

    def shout(self):
        return self.title.upper()


class Comment(models.Model):
    body = models.TextField()


def helper():
    return 1
`);
    expect(result.combined).toEqual(["your Post.note, Post.shout, def helper with the template's Post.subtitle, Post.get_absolute_url, class Comment"]);
  });

  test('an import both added alike, at other places, stays once where the user put it', async () => {
    const ours = MODEL.replace('from django.db import models\n', 'from django.db import models\nfrom django.urls import reverse\n');
    const theirs = MODEL.replace('from django.db import models\n', 'from django.db import models\n\nfrom django.urls import reverse\n') + '\n\ndef f():\n    return reverse("x")\n';
    const result = await merge('m.py', MODEL, ours, theirs);
    expect(result).toMatchObject({ conflicts: 0, text: ours + '\n\ndef f():\n    return reverse("x")\n' });
  });

  test('one line changed differently by both still conflicts', async () => {
    const result = await merge('m.py', MODEL, MODEL.replace('max_length=200', 'max_length=100'), MODEL.replace('max_length=200', 'max_length=300'));
    expect(result.conflicts).toBe(1);
    expect(result.text).toContain('<<<<<<< yours\n    title = models.CharField(max_length=100)\n');
  });

  test('one name defined by both differently conflicts instead of defining it twice', async () => {
    const result = await merge('m.py', MODEL, `${MODEL}\n\ndef helper():\n    return 1\n`, `${MODEL}\n\ndef helper():\n    return 2\n`);
    expect(result.conflicts).toBe(1);
  });

  test('a method the template removes while the user changed it conflicts', async () => {
    const result = await merge('m.py', MODEL, MODEL.replace('return "/x"', 'return "/y"'), MODEL.replace('\n    def get_absolute_url(self):\n        return "/x"\n', ''));
    expect(result.conflicts).toBe(1);
  });

  test('a clean line merge that would not parse is a conflict (YAML: one key added twice)', async () => {
    const result = await merge('x.yaml', lines('a:', '  - 1'), lines('a:', '  - 1', 'b: 2'), lines('a:', '  - 1', 'b: 3'));
    expect(result.conflicts).toBe(1);
    expect(result.text).toContain('<<<<<<< yours\nb: 2\n');
  });
});

describe('bounded cost', () => {
  test('a long run of comment lines (quadratic in the grammar) is merged by lines, in bounded time', async () => {
    const padding = '# commented out\n'.repeat(1500); // parsed, the three versions would take seconds
    const started = Date.now();
    const result = await merge('m.py', MODEL, padding + MODEL + '\n\ndef mine():\n    return 1\n', MODEL + '\n\ndef theirs():\n    return 2\n');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(result.conflicts).toBe(0);
    expect(result.text).toContain('def mine():');
    expect(result.text).toContain('def theirs():');
  });
});

describe('the merged file parses in its language', () => {
  test('YAML: both add the same key with other values: a conflict, not a duplicate key', async () => {
    const base = lines('services:', '  web:', '    image: a');
    const result = await merge('docker-compose.yml', base, base + lines('  worker:', '    image: mine'), base + lines('  worker:', '    image: theirs'));
    expect(result.conflicts).toBeGreaterThan(0);
  });

  test('JSON: two keys appended after the last one would miss a comma: a conflict', async () => {
    const base = '{\n  "a": 1\n}\n';
    const result = await mergeText('package.json', base, '{\n  "a": 1,\n  "b": 2\n}\n', '{\n  "a": 1,\n  "c": 3\n}\n');
    expect(result.conflicts).toBeGreaterThan(0);
  });

  test('TOML: a table both sides added is kept once when equal, twice would not parse', async () => {
    const base = lines('[tool.ruff]', 'line-length = 100');
    const same = await merge('pyproject.toml', base, base + lines('', '[tool.mypy]', 'strict = true'), base + lines('', '[tool.mypy]', 'strict = true'));
    expect(same).toMatchObject({ conflicts: 0, text: base + lines('', '[tool.mypy]', 'strict = true') });
    const other = await mergeText('pyproject.toml', base, base + lines('', '[tool.mypy]', 'strict = true'), base + lines('', '[tool.mypy]', 'strict = false'));
    expect(other.conflicts).toBeGreaterThan(0);
  });

  test('a user file that did not parse before is not held to it', async () => {
    const base = lines('a: 1');
    const result = await merge('x.yaml', base, lines('a: 1', '  bad: [', 'z: 1'), lines('a: 1', 'b: 2'));
    expect(result.conflicts).toBe(0);
  });
});

describe('property: independent edits never conflict', () => {
  const seed = Number(process.env.DJANGOFLOW_MERGE_SEED ?? 20261206);

  test('random text files, random edits of disjoint lines and inserts on each side', async () => {
    const next = random(seed);
    for (let round = 0; round < 300; round++) {
      const size = 3 + Math.floor(next() * 40);
      const base = Array.from({ length: size }, (_, i) => `line ${i} ${Math.floor(next() * 5)}`);
      // Each base line belongs to one side at most; each side changes, drops or inserts after its own lines.
      const owner = base.map(() => (next() < 0.3 ? 'ours' : next() < 0.45 ? 'theirs' : 'none'));
      const edit = (side: 'ours' | 'theirs') => {
        const out: string[] = [];
        const kept: string[] = [];
        base.forEach((line, i) => {
          if (owner[i] !== side) return void out.push(line);
          const roll = next();
          if (roll < 0.4) out.push(`${line} changed by ${side} ${round}`);
          else if (roll < 0.6) return;
          else out.push(line, `inserted by ${side} ${round} ${i}`);
          kept.push(out[out.length - 1]!);
        });
        return { text: out.map((l) => `${l}\n`).join(''), kept: kept.filter((l) => !l.startsWith('line ')) };
      };
      const ours = edit('ours');
      const theirs = edit('theirs');
      const result = await merge('x.txt', lines(...base), ours.text, theirs.text);
      expect({ round, conflicts: result.conflicts }).toEqual({ round, conflicts: 0 });
      for (const line of [...ours.kept, ...theirs.kept]) expect({ round, line, kept: result.text.includes(`${line}\n`) }).toEqual({ round, line, kept: true });
    }
  });

  test('random Python modules: definitions added, changed and removed on each side', async () => {
    const next = random(seed + 1);
    for (let round = 0; round < 60; round++) {
      const count = 2 + Math.floor(next() * 6);
      const definitions = Array.from({ length: count }, (_, i) =>
        next() < 0.5 ? `def f${i}():\n    return ${i}\n` : `class C${i}:\n    a = ${i}\n\n    def m(self):\n        return ${i}\n`,
      );
      const module = (parts: string[]) => `import os\n\n\n${parts.join('\n\n')}`;
      const owner = definitions.map(() => (next() < 0.5 ? 'ours' : 'theirs'));
      const side = (name: 'ours' | 'theirs') => {
        const parts: string[] = [];
        const added: string[] = [];
        definitions.forEach((definition, i) => {
          if (owner[i] !== name) return void parts.push(definition);
          const roll = next();
          if (roll < 0.25) return; // removed
          if (roll < 0.5 && definition.startsWith('class')) {
            const member = `    ${name}_${round} = ${i}\n`;
            parts.push(definition.replace(`    a = ${i}\n`, `    a = ${i}\n${member}`));
            added.push(member);
          } else if (roll < 0.75) {
            const fresh = `def ${name}_${round}_${i}():\n    return "${name}"\n`;
            parts.push(definition, fresh);
            added.push(fresh);
          } else {
            parts.push(definition.replace(`return ${i}\n`, `return ${i} + 1  # ${name}\n`));
            added.push(`return ${i} + 1  # ${name}\n`);
          }
        });
        return { text: module(parts), added };
      };
      const ours = side('ours');
      const theirs = side('theirs');
      const result = await merge('m.py', module(definitions), ours.text, theirs.text);
      expect({ round, conflicts: result.conflicts }).toEqual({ round, conflicts: 0 });
      for (const text of [...ours.added, ...theirs.added]) expect({ round, text, kept: result.text.includes(text) }).toEqual({ round, text, kept: true });
    }
  });
});

describe('through planReconcile', () => {
  afterAll(removeProjects);

  test("a file whose only change is CRLF on some lines of an LF file keeps them when the template changes it", async () => {
    const base = lines('a = 1', 'b = 2', 'c = 3');
    const dir = makeProject({ 's.py': 'a = 1\r\nb = 2\nc = 3\n' });
    const report = await planReconcile({ projectDir: dir, base: tree({ 's.py': base }), theirs: tree({ 's.py': base.replace('c = 3', 'c = 30') }) });
    await applyReconcile(dir, report);
    expect(report.decisions[0]).toMatchObject({ path: 's.py', action: 'merge' });
    expect(readFileSync(join(dir, 's.py'), 'utf8')).toBe('a = 1\r\nb = 2\nc = 30\n');
  });

  test('a merge says what it combined', async () => {
    const dir = makeProject({ 'm.py': `${MODEL}\n\ndef helper():\n    return 1\n` });
    const report = await planReconcile({ projectDir: dir, base: tree({ 'm.py': MODEL }), theirs: tree({ 'm.py': `${MODEL}\n\nclass Comment:\n    pass\n` }) });
    expect(report.decisions[0]).toMatchObject({ action: 'merge', combined: ["your def helper with the template's class Comment"] });
    expect(formatReport(report, { verbose: true })).toContain("merge      m.py: you and the template both changed it; merged\n           combined your def helper with the template's class Comment");
    expect(formatReport(report)).not.toContain('combined');
  });
});
