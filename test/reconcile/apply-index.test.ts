/**
 * The apply's conflicts in git's index (apply.ts, unmergedIndexInfo): which paths become
 * unmerged (UU) with which stages, which are left alone (work the user staged, a path git
 * already holds unmerged), a repository without a commit or with sha256 ids, and a rollback
 * that cannot put the index back.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { applyReconcile, planReconcile, type ReconcileReport } from '../../lib/reconcile/index.js';
import { git, initRepo, lines, makeProject, readTree, removeProjects, tree } from './helpers.js';

afterEach(removeProjects);

const BASE = lines('A = 1', 'B = 2', 'C = 3');
const OURS = BASE.replace('C = 3', 'C = "user"');
const THEIRS = BASE.replace('C = 3', 'C = "template"');

/** The stage numbers git holds for `path`, in order ([] when merged). */
const stages = (dir: string, path: string) =>
  git(dir, 'ls-files', '-u', '--', path)
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(/\s+/)[2]);

async function applyConflict(dir: string): Promise<void> {
  await applyReconcile(dir, await planReconcile({ projectDir: dir, base: tree({ 'c.py': BASE }), theirs: tree({ 'c.py': THEIRS }) }));
}

describe('apply: conflicts in the git index', () => {
  it('marks a path whose staged version is the file on disk (the user ran git add)', async () => {
    const dir = makeProject({ 'c.py': BASE });
    initRepo(dir);
    writeFileSync(join(dir, 'c.py'), OURS);
    git(dir, 'add', 'c.py');
    await applyConflict(dir);
    expect(stages(dir, 'c.py')).toEqual(['1', '2', '3']);
    expect([git(dir, 'show', ':1:c.py'), git(dir, 'show', ':2:c.py'), git(dir, 'show', ':3:c.py')]).toEqual([BASE, OURS, THEIRS]);
  });

  it("leaves alone a path whose staged version is neither HEAD's nor the file on disk", async () => {
    const dir = makeProject({ 'c.py': BASE });
    initRepo(dir);
    const staged = BASE.replace('A = 1', 'A = "staged"');
    writeFileSync(join(dir, 'c.py'), staged);
    git(dir, 'add', 'c.py');
    writeFileSync(join(dir, 'c.py'), OURS);
    await applyConflict(dir);
    expect(stages(dir, 'c.py')).toEqual([]);
    expect(git(dir, 'show', ':c.py')).toBe(staged);
    expect(readTree(dir)['c.py']).toContain('<<<<<<< yours');
  });

  it('leaves alone a path git already holds unmerged, with its stages', async () => {
    const dir = makeProject({ 'c.py': BASE });
    initRepo(dir);
    git(dir, 'checkout', '-q', '-b', 'side');
    writeFileSync(join(dir, 'c.py'), BASE.replace('A = 1', 'A = "side"'));
    git(dir, 'commit', '-qam', 'side');
    git(dir, 'checkout', '-q', 'main');
    writeFileSync(join(dir, 'c.py'), BASE.replace('A = 1', 'A = "main"'));
    git(dir, 'commit', '-qam', 'main');
    expect(() => git(dir, 'merge', '-q', 'side')).toThrow();
    const before = git(dir, 'ls-files', '-u');
    writeFileSync(join(dir, 'c.py'), OURS);
    await applyConflict(dir);
    expect(git(dir, 'ls-files', '-u')).toBe(before);
  });

  it('leaves alone a path git holds at one stage only (2, say: already unmerged)', async () => {
    const dir = makeProject({ 'c.py': BASE });
    initRepo(dir);
    const oid = git(dir, 'rev-parse', 'HEAD:c.py').trim();
    execFileSync('git', ['update-index', '--index-info'], { cwd: dir, input: `0 ${'0'.repeat(40)}\tc.py\n100644 ${oid} 2\tc.py\n` });
    writeFileSync(join(dir, 'c.py'), OURS);
    await applyConflict(dir);
    expect(stages(dir, 'c.py')).toEqual(['2']);
  });

  it.each([
    ['a conflict without stages', { action: 'conflict' }],
    ['a merge, even one that carries stages', { action: 'merge', stages: { base: BASE, ours: OURS, theirs: THEIRS } }],
  ])('marks nothing for %s', async (_, decision) => {
    const dir = makeProject({ 'c.py': BASE });
    initRepo(dir);
    const index = git(dir, 'ls-files', '-s');
    const report = { decisions: [{ path: 'c.py', reason: '', content: OURS, ...decision }], conflicts: [], changed: true } as ReconcileReport;
    await applyReconcile(dir, report);
    expect(git(dir, 'ls-files', '-s')).toBe(index);
    expect(readTree(dir)['c.py']).toBe(OURS);
  });

  it('marks a file git does not know with stages 2 and 3 only (no base)', async () => {
    const dir = makeProject({ 'README.md': 'r\n' });
    initRepo(dir);
    writeFileSync(join(dir, 'mine.py'), OURS);
    const plan = await planReconcile({ projectDir: dir, base: tree({}), theirs: tree({ 'mine.py': THEIRS }) });
    expect(plan.decisions.map((d) => [d.path, d.action])).toEqual([['mine.py', 'conflict']]);
    await applyReconcile(dir, plan);
    expect(stages(dir, 'mine.py')).toEqual(['2', '3']);
    expect([git(dir, 'show', ':2:mine.py'), git(dir, 'show', ':3:mine.py')]).toEqual([OURS, THEIRS]);
  });

  it('marks a staged path in a repository without a commit (no HEAD to compare with)', async () => {
    const dir = makeProject({ 'c.py': OURS });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', 'c.py');
    await applyConflict(dir);
    expect(stages(dir, 'c.py')).toEqual(['1', '2', '3']);
  });

  it('compares sha256 ids in a sha256 repository', async () => {
    const dir = makeProject({ 'c.py': BASE });
    git(dir, 'init', '-q', '-b', 'main', '--object-format=sha256');
    git(dir, 'add', 'c.py');
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'base');
    writeFileSync(join(dir, 'c.py'), OURS);
    git(dir, 'add', 'c.py');
    await applyConflict(dir);
    expect(stages(dir, 'c.py')).toEqual(['1', '2', '3']);
    expect(git(dir, 'show', ':2:c.py')).toBe(OURS);
  });

  it('keeps the journal and says what it could not restore when the index stays locked', async () => {
    const dir = makeProject({ 'c.py': BASE, 'u.py': BASE });
    initRepo(dir);
    writeFileSync(join(dir, 'c.py'), OURS);
    const plan = await planReconcile({ projectDir: dir, base: tree({ 'c.py': BASE, 'u.py': BASE }), theirs: tree({ 'c.py': THEIRS, 'u.py': THEIRS }) });
    const lock = () => writeFileSync(join(dir, '.git/index.lock'), '');
    const error = await applyReconcile(dir, plan, { afterWrite: (n) => n === 2 && lock() }).catch((e: unknown) => e);
    const work = `.djangoflow/tmp-${process.pid}`;
    expect((error as Error).message).toMatch(
      new RegExp(`^reconcile failed \\(git update-index failed: .*index\\.lock.*\\) and could not restore the git index; backups are in ${work}/backup, run djangoflow again to finish the rollback$`, 's'),
    );
    expect(existsSync(join(dir, '.djangoflow/journal.json'))).toBe(true);
    expect(readdirSync(join(dir, work, 'backup'))).toEqual([]); // the files went back; only the index did not
    expect([readTree(dir)['c.py'], readTree(dir)['u.py']]).toEqual([OURS, BASE]);
  });
});
