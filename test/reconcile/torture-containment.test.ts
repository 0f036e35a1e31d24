/**
 * Torture, containment: links on generated paths (folders and files, pointing out of the
 * project or inside it) and special files are refused with one line naming them; nothing
 * outside the project changes, nothing inside is lost, and a FIFO never blocks.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commitAll, djangoflow, expectAsCommitted, expectOneLineError, makeSeed, pristineRef, removeSandboxes, sandbox, snapshot, type Sandbox } from './torture-harness.js';

let seed: string;
beforeAll(async () => {
  seed = await makeSeed();
});
afterAll(removeSandboxes);

/** Replaces `path` of the project by a link to `target` (committed, so git shows any change). */
function linkInstead(sb: Sandbox, path: string, target: string): void {
  const full = join(sb.project, path);
  rmSync(full, { recursive: true, force: true });
  mkdirSync(join(full, '..'), { recursive: true });
  symlinkSync(target, full);
  commitAll(sb.project, `link ${path}`);
}

/** Runs the command, asserts the refusal and that nothing moved anywhere. */
async function expectRefused(sb: Sandbox, args: string[], named: RegExp): Promise<void> {
  const outside = snapshot(sb.outside);
  const ref = pristineRef(sb.project);
  const run = await djangoflow(sb.project, args);
  expect(run.code).toBe(1);
  expectOneLineError(run, named);
  expect(snapshot(sb.outside)).toEqual(outside);
  expectAsCommitted(sb.project);
  expect(pristineRef(sb.project)).toBe(ref);
}

describe('torture: links on generated paths', () => {
  it.each([
    ['docs (a folder a run writes into)', 'docs', 'outside-docs'],
    ['src (the whole source tree)', 'src', 'outside-src'],
    ['src/config (a nested folder)', 'src/config', 'outside-config'],
  ])('a linked %s is refused for startapp, upgrade --check and --force', async (_label, path, copyName) => {
    const sb = sandbox(seed);
    // The link points at a copy outside: the same files, so following it would "work".
    execFileSync('cp', ['-r', join(sb.project, path), join(sb.outside, copyName)]);
    linkInstead(sb, path, join(sb.outside, copyName));
    await expectRefused(sb, ['startapp', 'blog'], new RegExp(`${path}/ is a symbolic link`));
    await expectRefused(sb, ['upgrade', '--check'], new RegExp(`${path}/ is a symbolic link`));
    await expectRefused(sb, ['startapp', 'shop', '--force'], new RegExp(`${path}/ is a symbolic link`));
  });

  it('a generated file linked to a file outside is neither read, replaced nor written through', async () => {
    const sb = sandbox(seed);
    linkInstead(sb, 'README.md', join(sb.outside, 'README.md'));
    await expectRefused(sb, ['startapp', 'blog'], /README\.md is a symbolic link/);
    await expectRefused(sb, ['upgrade', '--check'], /README\.md is a symbolic link/);
  });

  it('a generated file linked to another file inside the project is refused too', async () => {
    const sb = sandbox(seed);
    linkInstead(sb, 'docs/architecture.md', '../README.md');
    await expectRefused(sb, ['startapp', 'blog'], /docs\/architecture\.md is a symbolic link/);
  });

  it('a dangling link where the run would create a folder creates nothing outside', async () => {
    const sb = sandbox(seed);
    linkInstead(sb, 'src/apps/blog', join(sb.outside, 'blog-not-there'));
    await expectRefused(sb, ['startapp', 'blog'], /src\/apps\/blog\/ is a symbolic link|already exists|blog/);
    expect(existsSync(join(sb.outside, 'blog-not-there'))).toBe(false);
  });

  it('a linked .djangoflow (where the lock and staging go) is refused', async () => {
    const sb = sandbox(seed);
    mkdirSync(join(sb.outside, 'state'));
    symlinkSync(join(sb.outside, 'state'), join(sb.project, '.djangoflow'));
    const outside = snapshot(sb.outside);
    const run = await djangoflow(sb.project, ['startapp', 'blog']);
    expect(run.code).toBe(1);
    expectOneLineError(run, /\.djangoflow\/ is a symbolic link/);
    expect(snapshot(sb.outside)).toEqual(outside);
  });

  it('a linked .yo-rc.json (the record) is refused before it is read', async () => {
    const sb = sandbox(seed);
    renameSync(join(sb.project, '.yo-rc.json'), join(sb.outside, 'yo-rc.json'));
    symlinkSync(join(sb.outside, 'yo-rc.json'), join(sb.project, '.yo-rc.json'));
    commitAll(sb.project, 'linked record');
    await expectRefused(sb, ['startapp', 'blog'], /\.yo-rc\.json is a symbolic link/);
  });

  it('a link in a folder the generator does not own is left alone: the run succeeds', async () => {
    const sb = sandbox(seed);
    linkInstead(sb, 'notes', sb.outside);
    const outside = snapshot(sb.outside);
    const run = await djangoflow(sb.project, ['startapp', 'blog']);
    expect(run.code).toBe(0);
    expect(snapshot(sb.outside)).toEqual(outside);
    expect(existsSync(join(sb.project, 'src/apps/blog/models.py'))).toBe(true);
  });
});

describe('torture: special files on generated paths', () => {
  it('a FIFO does not block upgrade --check; it is refused with its name', async () => {
    const sb = sandbox(seed);
    rmSync(join(sb.project, 'README.md'));
    execFileSync('mkfifo', [join(sb.project, 'README.md')]);
    const started = Date.now();
    const run = await djangoflow(sb.project, ['upgrade', '--check']);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.code).toBe(1);
    expectOneLineError(run, /README\.md is a FIFO/);
  });

  it('a FIFO where startapp would write is refused, nothing written', async () => {
    const sb = sandbox(seed);
    rmSync(join(sb.project, 'docs/architecture.md'));
    execFileSync('mkfifo', [join(sb.project, 'docs/architecture.md')]);
    const before = snapshot(sb.project);
    const run = await djangoflow(sb.project, ['startapp', 'blog', '--force']);
    expect(run.code).toBe(1);
    expectOneLineError(run, /docs\/architecture\.md is a FIFO/);
    expect(snapshot(sb.project)).toEqual(before);
  });

  it('a socket at a generated path is refused', async () => {
    const sb = sandbox(seed);
    rmSync(join(sb.project, 'Makefile'));
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(join(sb.project, 'Makefile'), resolve));
    try {
      const run = await djangoflow(sb.project, ['upgrade', '--check']);
      expect(run.code).toBe(1);
      expectOneLineError(run, /Makefile is a socket/);
    } finally {
      server.close();
    }
  });

  it('a folder where the template has a file is refused with one line', async () => {
    const sb = sandbox(seed);
    rmSync(join(sb.project, 'Makefile'));
    mkdirSync(join(sb.project, 'Makefile'));
    writeFileSync(join(sb.project, 'Makefile/keep.txt'), 'mine\n');
    commitAll(sb.project, 'folder');
    await expectRefused(sb, ['startapp', 'blog'], /Makefile is a directory/);
  });
});
