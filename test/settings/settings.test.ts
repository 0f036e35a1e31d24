/**
 * Settings as data: the table's rules (kinds, per-environment requirements), the .env
 * reader and updater, and `djangoflow settings` on a generated project: names per
 * environment, what is missing, `--check`'s exit code, and never a value on the screen.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatesDir } from '../../lib/template-set/paths.js';
import { parseDotenv, withDotenvValues } from '../../lib/settings/dotenv.js';
import { requiredIn, settingProblems, settingsTable } from '../../lib/settings/table.js';
import { splitWizardAnswers, wizardProblem } from '../../lib/settings/wizard.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { bareArgs, copyProject, djangoflow, generatedProject, snapshot } from '../plugins/helpers.js';

describe('the table', () => {
  test('production stands for staging and production; lists name environments', () => {
    expect(requiredIn({ required: 'production' })).toEqual(['staging', 'production']);
    expect(requiredIn({ required: ['production', 'local', 'staging'] })).toEqual(['local', 'staging', 'production']);
    expect(requiredIn({})).toEqual([]);
  });

  test('declarations are refused without a kind, with an unknown environment, or with staging apart from production', () => {
    const base = { name: 'X_KEY', example: '', description: 'x', group: 'G' };
    expect(settingProblems([{ ...base }])).toEqual(['setting X_KEY: kind must be one of environment, secret, code']);
    expect(settingProblems([{ ...base, kind: 'secret', required: ['qa'] }])).toEqual([
      'setting X_KEY: required must be production or a list of local, staging, production',
    ]);
    expect(settingProblems([{ ...base, kind: 'secret', required: ['staging'] }])).toEqual([
      'setting X_KEY: staging and production run the same settings, so one is required where the other is',
    ]);
    expect(settingProblems([{ ...base, kind: 'code' }])).toEqual(['setting X_KEY: a code setting names the module it is set in (where)']);
    expect(settingProblems([{ ...base, kind: 'environment', required: 'production' }])).toEqual([]);
  });

  test('every declaration of the template set has a kind, and the first one of a name wins with its owner', () => {
    const templates = loadTemplateSet(templatesDir());
    const declared = [
      ...templates.env,
      ...(templates.core.env ?? []),
      ...(templates.core.conditional ?? []).flatMap((block) => block.env ?? []),
      ...[...templates.catalog.values()].flatMap((plugin) => plugin.env),
    ];
    expect(declared.filter((setting) => !setting.kind).map((setting) => setting.name)).toEqual([]);
    const table = settingsTable(
      [
        { owner: 'core', settings: [{ name: 'A', example: '{x}', description: 'a', group: 'G', kind: 'secret', required: 'production' }] },
        { owner: 'p', settings: [{ name: 'A', example: 'other', description: 'b', group: 'G', kind: 'environment' }] },
      ],
      (example) => example.replace('{x}', 'filled'),
    );
    expect(table).toEqual([expect.objectContaining({ name: 'A', owner: 'core', example: 'filled', kind: 'secret', requiredIn: ['staging', 'production'] })]);
  });
});

describe('.env', () => {
  test('read as django-environ reads it', () => {
    const values = parseDotenv("# c\nexport A=1\nB='two words'\nC=\"q\\\"x\"\nD=plain # comment\n#E=off\n");
    expect(Object.fromEntries(values)).toEqual({ A: '1', B: 'two words', C: 'q"x', D: 'plain' });
  });

  test('an update replaces a name in place, appends a new one, keeps every other line', () => {
    const text = '# mine\nA=1\n\nB=2 # note\n';
    const next = withDotenvValues(text, new Map([['B', 'new value'], ['C', "it's"]]));
    expect(next).toBe('# mine\nA=1\n\nB=\'new value\'\nC="it\'s"\n');
    expect(Object.fromEntries(parseDotenv(next))).toEqual({ A: '1', B: 'new value', C: "it's" });
  });
});

describe('djangoflow settings', () => {
  let base: string;
  const dirs: string[] = [];
  beforeAll(async () => {
    base = await generatedProject([...bareArgs, '--celery']);
    dirs.push(base);
  }, 120_000);
  afterAll(() => dirs.forEach(removeTempDir));

  test('lists what staging and production require, by name and kind, reading the local .env', async () => {
    const result = await djangoflow(base, ['settings']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^local: 0 required, 0 missing; values read from \.env$/m);
    expect(result.stdout).toMatch(/^staging: \d+ required, 0 missing; values not read/m);
    expect(result.stdout).toMatch(/^ {2}DJANGO_SECRET_KEY +secret +required +not read +core$/m);
    expect(result.stdout).toMatch(/^ {2}REDIS_URL +secret +required +not read +redis$/m);
    expect(result.stdout).toMatch(/^ {2}DJANGO_ALLOWED_HOSTS +environment +required/m);
    // The local secret key is set, and its value is never shown.
    const key = parseDotenv(readFileSync(join(base, '.env'), 'utf8')).get('DJANGO_SECRET_KEY')!;
    const all = await djangoflow(base, ['settings', '--all', '--environment', 'local']);
    expect(all.stdout).toMatch(/^ {2}DJANGO_SECRET_KEY +secret +optional +set +core$/m);
    expect(all.stdout + all.stderr).not.toContain(key);
  });

  test('--check: missing required settings of a file given for production exit 1, naming them; complete ones 0', async () => {
    const dir = copyProject(base);
    dirs.push(dir);
    const before = snapshot(dir);
    writeFileSync(join(dir, 'prod.env'), 'DJANGO_ALLOWED_HOSTS=example.com\nDATABASE_URL=\nDJANGO_SECRET_KEY=s3cr3t-value-never-shown\n');
    const result = await djangoflow(dir, ['settings', '--check', '--environment', 'production', '--from', 'prod.env']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^missing in production \(prod\.env\): DJANGO_ADMIN_URL, DATABASE_URL, EMAIL_URL, REDIS_URL$/m);
    expect(result.stdout).not.toContain('s3cr3t');
    writeFileSync(join(dir, 'prod.env'), 'DJANGO_ALLOWED_HOSTS=a\nDATABASE_URL=b\nDJANGO_SECRET_KEY=c\nDJANGO_ADMIN_URL=d/\nEMAIL_URL=e\nREDIS_URL=f\n');
    expect((await djangoflow(dir, ['settings', '--check', '--environment', 'production', '--from', 'prod.env'])).code).toBe(0);
    const { 'prod.env': _, ...after } = snapshot(dir);
    expect(after).toEqual(before);
  });

  test.each([
    [['--environment', 'qa'], /--environment "qa" is not valid: choose from local, staging, production/],
    [['--from', 'x.env'], /--from needs --environment/],
    [['--environment', 'staging', '--from', 'absent.env'], /--from "absent.env": no such file/],
    [['extra'], /unexpected argument "extra"/],
  ])('refused with one line: %j', async (args, message) => {
    const result = await djangoflow(base, ['settings', ...args]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
  });

  test('outside a project', async () => {
    const dir = makeTempDir('settings-outside');
    dirs.push(dir);
    const result = await djangoflow(dir, ['settings']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not a djangoflow project/);
  });
});

describe('wizard answers', () => {
  const key = { name: 'stripeSecretKey', setting: 'STRIPE_SECRET_KEY', pattern: 'sk_{stripeMode}_[0-9A-Za-z]{8,}', patternHint: 'a {stripeMode}-mode key starts with sk_{stripeMode}_' };
  const account = { name: 'fcmServiceAccount', setting: 'FCM_SERVICE_ACCOUNT', json: ['project_id', 'client_email', 'private_key'] };

  test('a pattern naming another answer follows it; the refusal never holds the value', () => {
    expect(wizardProblem(key, '--stripe-secret-key', 'sk_test_abcdefgh12', { stripeMode: 'test' })).toBeNull();
    const refused = wizardProblem(key, '--stripe-secret-key', 'sk_live_abcdefgh12', { stripeMode: 'test' });
    expect(refused).toBe('--stripe-secret-key is not valid: a test-mode key starts with sk_test_');
    expect(wizardProblem(key, '--stripe-secret-key', 'sk_live_abcdefgh12', { stripeMode: 'live' })).toBeNull();
    // An answer with regular-expression characters cannot widen the pattern.
    expect(wizardProblem(key, '--stripe-secret-key', 'sk_x_abcdefgh12', { stripeMode: '.*' })).not.toBeNull();
    expect(wizardProblem(key, '--stripe-secret-key', '', { stripeMode: 'test' })).toBeNull();
  });

  test('a JSON document must be an object with each key a non-empty string', () => {
    const good = JSON.stringify({ type: 'service_account', project_id: 'p', client_email: 'a@p.iam.gserviceaccount.com', private_key: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n' });
    expect(wizardProblem(account, '--fcm-service-account', good, {})).toBeNull();
    const withoutKey = JSON.stringify({ project_id: 'p', client_email: 'a@p' });
    expect(wizardProblem(account, '--fcm-service-account', withoutKey, {})).toBe(
      '--fcm-service-account has no private_key: expected a JSON object with project_id, client_email, private_key',
    );
    expect(wizardProblem(account, '--fcm-service-account', '{not json', {})).toMatch(/^--fcm-service-account is not JSON/);
    expect(wizardProblem(account, '--fcm-service-account', '[1]', {})).toMatch(/^--fcm-service-account is not a JSON object/);
  });

  test('answers split: settings to .env (JSON on one line), the rest recorded, empty ones left out', () => {
    const mode = { name: 'stripeMode' };
    const json = JSON.stringify({ project_id: 'p', client_email: 'e', private_key: 'k\nk' }, null, 2);
    const { recorded, settings } = splitWizardAnswers([mode, key, account], { stripeMode: 'test', stripeSecretKey: '', fcmServiceAccount: json });
    expect(recorded).toEqual({ stripeMode: 'test' });
    expect(Object.fromEntries(settings)).toEqual({ FCM_SERVICE_ACCOUNT: '{"project_id":"p","client_email":"e","private_key":"k\\nk"}' });
  });
});
