/**
 * The GitLab pipeline's image job pushes only from the default branch and from tags: its
 * push script runs under sh with `docker` stubbed, for each kind of pipeline.
 */
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { readText } from '../support/files.js';
import { generate } from '../support/generate.js';
import { removeTempDir } from '../support/tempdir.js';

let pushScript = '';

beforeAll(async () => {
  const generated = await generate(['--defaults', '--project-name', 'Acme Shop', '--ci', 'gitlab'], { timeoutMs: 120_000 });
  expect(generated.code).toBe(0);
  const pipeline = parse(readText(generated.dir, '.gitlab-ci.yml')) as { images: { script: string[] } };
  pushScript = pipeline.images.script.at(-1)!;
  removeTempDir(generated.dir);
}, 180_000);

/** The docker commands the push step runs for a pipeline with these variables. */
function dockerCalls(variables: Record<string, string>): string[] {
  const stub = 'docker() { echo "docker $1"; }\n';
  const output = execFileSync('sh', ['-c', stub + pushScript], {
    env: { PATH: process.env.PATH, CI_REGISTRY_IMAGE: 'registry.example.com/acme/shop', CI_COMMIT_SHA: 'abc123', CI_DEFAULT_BRANCH: 'main', ...variables },
    input: '',
    encoding: 'utf8',
  });
  return output.split('\n').filter(Boolean);
}

test.each([
  ['the default branch pushes', { CI_COMMIT_BRANCH: 'main' }, true],
  ['a tag pushes', { CI_COMMIT_TAG: 'v1.2.0' }, true],
  ['another branch only builds', { CI_COMMIT_BRANCH: 'feature/x' }, false],
  ['a merge request only builds', { CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_IID: '7' }, false],
])('%s', (_label, variables, pushes) => {
  const calls = dockerCalls(variables);
  expect(calls.includes('docker push')).toBe(pushes);
  expect(calls.includes('docker login')).toBe(pushes);
});
