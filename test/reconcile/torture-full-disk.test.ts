/**
 * Torture, a full disk during a first generation outside git (`DJANGOFLOW_FAULT=full-disk:N`:
 * the Nth file the apply writes stops halfway with ENOSPC, as a full disk does): at every
 * write, the folder is left empty and the next run generates; after the commit point, the
 * run is complete and the next command finds nothing to recover. An unreadable journal is
 * refused with advice that fits a folder without git.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { djangoflow, expectOneLineError, git, removeSandboxes, sandbox, write } from './torture-harness.js';

/** How many files a first generation stages (each one write before the store and the journal). */
let staged: number;

beforeAll(async () => {
  const trace = join(mkdtempSync(join(tmpdir(), 'djangoflow-trace-')), 'trace');
  const sb = sandbox(null);
  expect((await djangoflow(sb.project, ['--defaults'], { DJANGOFLOW_FS_TRACE: trace })).code).toBe(0);
  staged = readFileSync(trace, 'utf8').split('\n').filter((line) => line.startsWith('write staged/')).length;
  expect(staged).toBeGreaterThan(100);
}, 120_000);
afterAll(removeSandboxes);

const full = 'djangoflow: writing the project failed (ENOSPC: no space left on device, write); nothing was changed';

describe('a full disk during a first generation outside git', () => {
  it.each([
    ['the first staged file', () => 1],
    ['a staged file halfway', () => Math.floor(staged / 2)],
    ['the last staged file', () => staged],
    ['the JSON store', () => staged + 1],
    ['the journal', () => staged + 2],
  ])('at %s: the folder is left empty, the next run generates', async (_label, at) => {
    const sb = sandbox(null);
    const failed = await djangoflow(sb.project, ['--defaults'], { DJANGOFLOW_FAULT: `full-disk:${at()}` });
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim().split('\n')).toEqual([full]);
    expect(readdirSync(sb.project)).toEqual([]);
    const again = await djangoflow(sb.project, ['--defaults']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    const check = await djangoflow(sb.project, ['upgrade', '--check']);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/up to date/);
  });

  it('at the committed mark, after the commit point: the run is complete and says so, nothing left over', async () => {
    const sb = sandbox(null);
    const run = await djangoflow(sb.project, ['--defaults'], { DJANGOFLOW_FAULT: `full-disk:${staged + 3}` });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Next:/m);
    expect(readdirSync(join(sb.project, '.djangoflow'))).toEqual(['pristine.json']);
    const check = await djangoflow(sb.project, ['upgrade', '--check']);
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/up to date/);
  });
});

describe('an unreadable journal', () => {
  it('outside git: refused in one line, advice without git, the backups named', async () => {
    const sb = sandbox(null);
    expect((await djangoflow(sb.project, ['--defaults'])).code).toBe(0);
    write(sb.project, '.djangoflow/journal.json', '{"format":1,"pid":4242,"work":".djangoflow/tmp-4242","ops":[{"pa');
    write(sb.project, '.djangoflow/tmp-4242/backup/0', 'old\n');
    const record = readFileSync(join(sb.project, '.yo-rc.json'));
    const run = await djangoflow(sb.project, ['upgrade']);
    expect(run.code).toBe(1);
    expectOneLineError(
      run,
      /journal\.json \(left by an interrupted run\) is unreadable; there is no git history here to restore from: check the project's files \(the files it replaced are in \.djangoflow\/tmp-4242\/backup\), then delete \.djangoflow\/journal\.json and the \.djangoflow\/tmp-\* folders/,
    );
    expect(readFileSync(join(sb.project, '.yo-rc.json'))).toEqual(record);
  });

  it('inside git: the advice is git\'s', async () => {
    const sb = sandbox(null);
    writeFileSync(join(sb.project, 'placeholder'), '');
    git(sb.project, 'init', '-q');
    write(sb.project, '.djangoflow/journal.json', 'not json');
    const run = await djangoflow(sb.project, ['--defaults', '--force']);
    expect(run.code).toBe(1);
    expectOneLineError(run, /is unreadable; restore the project from git, then delete \.djangoflow\/journal\.json/);
  });
});
