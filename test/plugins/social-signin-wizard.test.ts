/**
 * The social sign-in wizard from the command line: without df-auth or allauth the plugin is
 * refused; bad input (a malformed Google client ID, a Facebook App ID with letters, a
 * lowercase Apple Team ID, a 9-character Key ID, a private key that is not a PEM block)
 * gets one line that never quotes the value, and nothing is written; good input goes to
 * .env only (the Apple key on one line), and the callback URLs the consoles need are
 * printed and listed in docs/social-sign-in.md.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDotenv } from '../../lib/settings/dotenv.js';
import { removeTempDir } from '../support/tempdir.js';
import { commitAll, copyProject, djangoflow, generatedProject, git, recordedState, snapshot } from './helpers.js';
import { applePrivateKey, socialSecrets, socialWizardArgs } from './stack-projects.js';

let bare: string;
let withAllauth: string;
const dirs: string[] = [];
beforeAll(async () => {
  bare = await generatedProject();
  dirs.push(bare);
  withAllauth = copyProject(bare);
  dirs.push(withAllauth);
  const added = await djangoflow(withAllauth, ['plugin', 'allauth', '--defaults']);
  if (added.code !== 0) throw new Error(added.stderr);
  commitAll(withAllauth, 'allauth');
}, 180_000);
afterAll(() => dirs.forEach(removeTempDir));

function copy(from: string): string {
  const dir = copyProject(from);
  dirs.push(dir);
  return dir;
}

test('without df-auth or allauth: one line naming them, nothing written', async () => {
  const dir = copy(bare);
  const before = snapshot(dir);
  const result = await djangoflow(dir, ['plugin', 'social-signin', '--defaults']);
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split('\n')).toEqual(['djangoflow: cannot add social-signin: social-signin needs one of df-auth, allauth on (djangoflow plugin <one of them>)']);
  expect(snapshot(dir)).toEqual(before);
});

test.each([
  [['--google-client-id', '123456789012-abc.apps.google.com'], /^djangoflow: --google-client-id is not valid: a Google client ID is digits, a dash, letters and digits, then \.apps\.googleusercontent\.com$/],
  [['--google-client-secret', 'GOCSPX-short'], /^djangoflow: --google-client-secret is not valid: a Google client secret is GOCSPX-/],
  [['--facebook-app-id', '98765432101234x'], /^djangoflow: --facebook-app-id is not valid: a Facebook App ID is digits only$/],
  [['--facebook-app-secret', 'fb0e2efb0e2efb0e2efb0e2efb0e2e0Z'], /^djangoflow: --facebook-app-secret is not valid: a Facebook App secret is 32 hexadecimal digits/],
  [['--apple-services-id', 'plugauthweb'], /^djangoflow: --apple-services-id is not valid: a Services ID is reverse-DNS, e\.g\. com\.example\.web$/],
  [['--apple-team-id', 'team0e2e01'], /^djangoflow: --apple-team-id is not valid: a Team ID is 10 uppercase letters and digits$/],
  [['--apple-key-id', 'KEY0E2E01'], /^djangoflow: --apple-key-id is not valid: a Key ID is 10 uppercase letters and digits$/],
  [['--apple-private-key=-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----'], /^djangoflow: --apple-private-key is not valid: expected a PEM block from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----$/],
  [['--apple-private-key', 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg'], /^djangoflow: --apple-private-key is not valid: expected a PEM block/],
])('bad social sign-in wizard input %j: one line without the value, nothing written', async (args, message) => {
  const dir = copy(withAllauth);
  const before = snapshot(dir);
  const result = await djangoflow(dir, ['plugin', 'social-signin', '--defaults', '--social-providers', 'apple,google,facebook', ...args]);
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
  // The value (after = for the key) is never quoted back.
  expect(result.stderr).not.toContain((args[1] ?? args[0]!.split('\n')[1]!).slice(0, 12));
  expect(snapshot(dir)).toEqual(before);
});

test('good input: .env only (the Apple key on one line), the callback URLs printed and in docs/social-sign-in.md', async () => {
  const dir = copy(withAllauth);
  const key = applePrivateKey();
  const result = await djangoflow(dir, ['plugin', 'social-signin', '--defaults', ...socialWizardArgs(key)]);
  expect(result.code).toBe(0);
  const domain = 'plug-test.example.com';
  for (const provider of ['google', 'facebook', 'apple']) {
    expect(result.stdout).toContain(`https://${domain}/accounts/${provider}/login/callback/`);
    expect(readFileSync(join(dir, 'docs/social-sign-in.md'), 'utf8')).toMatch(new RegExp(`^\\| \\w+ +\\| \`https://${domain}/accounts/${provider}/login/callback/\` +\\|`, 'm'));
  }
  // df-auth is off: no API line.
  expect(result.stdout).not.toContain('/auth/social/');
  const values = parseDotenv(readFileSync(join(dir, '.env'), 'utf8'));
  expect(values.get('GOOGLE_OAUTH_CLIENT_ID')).toBe(socialSecrets.googleClientId);
  expect(values.get('APPLE_TEAM_ID')).toBe(socialSecrets.appleTeamId);
  expect(values.get('APPLE_PRIVATE_KEY')).toBe(key.trim().split('\n').join('\\n'));
  expect((statSync(join(dir, '.env')).mode & 0o777).toString(8)).toBe('600');
  expect(recordedState(dir).answers).toMatchObject({ socialProviders: 'apple,google,facebook' });
  expect(Object.keys(recordedState(dir).answers).filter((name) => /^(google|facebook|apple)[A-Z]/.test(name))).toEqual([]);
  commitAll(dir, 'social-signin');
  const keyLine = key.split('\n')[1]!;
  const grep = (ref: string) => {
    const patterns = [...Object.values(socialSecrets), keyLine].flatMap((value) => ['-e', value]);
    const run = spawnSync('git', ['grep', '-I', '-n', '-F', ...patterns, ref, '--', '.'], { cwd: dir, encoding: 'utf8' });
    return `${run.status} ${run.stdout}`;
  };
  expect([grep('HEAD'), grep('refs/djangoflow/pristine')]).toEqual(['1 ', '1 ']);
  expect(git(dir, 'ls-files', '.env').trim()).toBe('');
  const example = readFileSync(join(dir, '.env.example'), 'utf8');
  expect(example).toMatch(/^APPLE_PRIVATE_KEY=$/m);
  expect(readFileSync(join(dir, 'deploy/kubernetes/secret.example.env'), 'utf8')).toMatch(/^# APPLE_PRIVATE_KEY=$/m);
}, 120_000);

test('a df-auth project added after it: its settings come before social-signin’s, and its API line is printed, at the namespace answered', async () => {
  const dir = copy(withAllauth);
  expect((await djangoflow(dir, ['plugin', 'social-signin', '--defaults', '--social-providers', 'facebook'])).code).toBe(0);
  commitAll(dir, 'social-signin');
  const result = await djangoflow(dir, ['plugin', 'df-auth', '--df-api-namespace', 'v3', '--defaults']);
  expect(result.stderr).toBe('');
  const sections = readFileSync(join(dir, 'src/config/settings/base.py'), 'utf8').match(/sections\.(df_auth|allauth|social_signin) /g);
  expect(sections).toEqual(['sections.allauth ', 'sections.df_auth ', 'sections.social_signin ']);
  // Facebook through df-auth: python-social-auth's backend joins the one list of auth.py.
  const facebook = '"social_core.backends.facebook.FacebookOAuth2",';
  expect(readFileSync(join(dir, 'src/config/sections/auth.py'), 'utf8')).toContain(facebook);
  expect(readFileSync(join(dir, 'src/config/sections/social_signin.py'), 'utf8')).not.toContain('AUTHENTICATION_BACKENDS');
  expect(result.stdout).toContain("The apps sign in through df-auth: POST the provider's token to https://plug-test.example.com/api/v3/auth/social/ ");
  expect(readFileSync(join(dir, 'docs/social-sign-in.md'), 'utf8')).toContain('`POST https://plug-test.example.com/api/v3/auth/social/`');
  expect(readFileSync(join(dir, 'src/apps/social_signin/tests/test_social_signin.py'), 'utf8')).toContain('reverse("df_api_drf:v3:auth:social-list")');
  commitAll(dir, 'df-auth');
  const removed = await djangoflow(dir, ['plugin', '--remove', 'df-auth']);
  expect(removed.stderr).toBe('');
  expect(readFileSync(join(dir, 'src/config/sections/auth.py'), 'utf8')).not.toContain(facebook);
  commitAll(dir, 'no df-auth');
  const last = await djangoflow(dir, ['plugin', '--remove', 'allauth']);
  expect(last.code).toBe(1);
  expect(last.stderr.trim()).toBe('djangoflow: cannot remove allauth: social-signin needs one of df-auth, allauth on (djangoflow plugin <one of them>)');
}, 120_000);
