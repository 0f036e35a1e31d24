/**
 * The Upgrade section's fixture: a project an older generator wrote (DJANGOFLOW_VERSION
 * 0.0.9), optionally with answers its record lacks (questions that version did not ask),
 * and a copy of it for the same change made by the CLI; plus the tree both are compared by.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, readBytes } from '../support/files.js';
import { binPath } from '../support/paths.js';
import { run } from '../support/process.js';
import { makeTempDir } from '../support/tempdir.js';

/** Every file but the secrets' `.env` (the ui writes its own), as base64 by path. */
export const tree = (dir: string): Record<string, string> =>
  Object.fromEntries(listFiles(dir).filter((p) => p !== '.env').map((p) => [p, readBytes(dir, p).toString('base64')]));

/** The record as a version that did not ask these questions yet left it. */
function dropAnswers(dir: string, names: string[]): void {
  const path = join(dir, '.yo-rc.json');
  const config = JSON.parse(readFileSync(path, 'utf8'));
  for (const name of names) delete config['generator-djangoflow'].answers[name];
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
}

/** A default project of version 0.0.9 in `<label>` and its copy in `<label>-cli`; `unanswered` leaves the record. */
export async function olderProjectPair(label: string, unanswered: string[] = []): Promise<{ uiDir: string; cliDir: string }> {
  const uiDir = makeTempDir(label);
  const cliDir = makeTempDir(`${label}-cli`);
  const old = await run(process.execPath, [binPath, '--defaults'], { cwd: uiDir, env: { ...process.env, DJANGOFLOW_VERSION: '0.0.9' } });
  expect(old.code).toBe(0);
  dropAnswers(uiDir, unanswered);
  cpSync(uiDir, cliDir, { recursive: true });
  return { uiDir, cliDir };
}
