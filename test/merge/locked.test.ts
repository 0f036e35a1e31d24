/**
 * The merge of a hash-locked requirements file by distribution (lib/merge/locked.ts through
 * mergeFile): the team's re-locked packages and the template's new ones both kept, sorted;
 * uv's platform markers against the template's unmarked entry of the same version; the
 * template's version over the team's marker-only change; two versions of one distribution a
 * conflict around that entry only; a file of another layout left to the line merge.
 */
import { expect, test } from '@jest/globals';
import { mergeFile, type FallbackMerge } from '../../lib/merge/index.js';

const labels = { ours: 'yours', base: 'base', theirs: 'djangoflow' };
const noFallback: FallbackMerge = async () => {
  throw new Error('the fallback was not expected');
};
const path = 'base/requirements/locked/local.txt';
const merge = (base: string, ours: string, theirs: string) => mergeFile(path, base, ours, theirs, labels, noFallback);

const header = '# Every distribution the local tier installs.\n';
const entry = (pin: string, ...hashes: string[]) =>
  [pin, ...hashes.map((hash) => `    --hash=sha256:${hash}`)].map((line, i, all) => (i < all.length - 1 ? `${line} \\\n` : `${line}\n`)).join('');
const file = (...entries: string[]) => header + entries.join('');

const django = entry('django==6.0.8', 'aa', 'ab');
const sqlparse = entry('sqlparse==0.5.3', 'ba');

test("the team's package and the template's new ones are both kept, in name order", async () => {
  const base = file(django, sqlparse);
  const ours = file(django, sqlparse, entry('tabulate==0.9.0', 'ca'));
  const theirs = file(entry('celery==5.6.3', 'da'), django, entry('kombu==5.6.0', 'ea'), sqlparse);
  const result = await merge(base, ours, theirs);
  expect(result.conflicts).toBe(0);
  expect(result.text).toBe(file(entry('celery==5.6.3', 'da'), django, entry('kombu==5.6.0', 'ea'), sqlparse, entry('tabulate==0.9.0', 'ca')));
});

test("uv's marker on the team's side, the same version unmarked on the template's: the unmarked entry", async () => {
  const base = file(django);
  const ours = file(django, entry("tzdata==2026.6 ; sys_platform == 'win32'", 'fa'));
  const theirs = file(django, entry('tzdata==2026.6', 'fa'));
  expect(await merge(base, ours, theirs)).toMatchObject({ conflicts: 0, text: file(django, entry('tzdata==2026.6', 'fa')) });
  const both = await merge(base, ours, file(django, entry("tzdata==2026.6 ; sys_platform == 'darwin'", 'fa')));
  expect(both).toMatchObject({
    conflicts: 0,
    text: file(django, entry("tzdata==2026.6 ; (sys_platform == 'win32') or (sys_platform == 'darwin')", 'fa')),
  });
});

test("the team changed only the marker, the template the version: the template's entry", async () => {
  const base = file(django, entry('psutil==7.2.2', 'ga'));
  const ours = file(django, entry("psutil==7.2.2 ; sys_platform != 'cygwin'", 'ga'));
  const theirs = file(django, entry('psutil==7.3.0', 'gb'));
  expect(await merge(base, ours, theirs)).toMatchObject({ conflicts: 0, text: theirs });
});

test("two versions of one distribution: one conflict, around that entry only; the rest merged", async () => {
  const base = file(django);
  const ours = file(django, entry('humanize==4.12.3', 'ha'));
  const theirs = file(entry('celery==5.6.3', 'da'), django, entry('humanize==4.17.0', 'hb'));
  const result = await merge(base, ours, theirs);
  expect(result.conflicts).toBe(1);
  expect(result.text).toBe(
    file(entry('celery==5.6.3', 'da'), django) +
      `<<<<<<< yours\n${entry('humanize==4.12.3', 'ha')}||||||| base\n=======\n${entry('humanize==4.17.0', 'hb')}>>>>>>> djangoflow\n`,
  );
});

test('the template drops a package the team left alone: gone; one the team re-pinned: kept', async () => {
  const base = file(django, sqlparse, entry('six==1.17.0', 'ia'));
  const ours = file(django, entry('sqlparse==0.5.4', 'bb'), entry('six==1.17.0', 'ia'));
  const theirs = file(django);
  expect(await merge(base, ours, theirs)).toMatchObject({ conflicts: 0, text: file(django, entry('sqlparse==0.5.4', 'bb')) });
});

test('a locked file of another layout (an option line) goes to the line merge, which refuses one name twice', async () => {
  const base = file(django);
  const ours = `--index-url https://example.invalid/simple\n${file(django, entry('six==1.17.0', 'ia'))}`;
  const theirs = file(django, entry('six==1.16.0', 'ib'));
  const result = await merge(base, ours, theirs);
  expect(result.conflicts).toBeGreaterThan(0);
});
