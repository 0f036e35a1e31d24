/**
 * The projects that prove the plugin catalog on the pinned stack, as data: few, so each
 * distinct requirement set installs once (every DF module with df-auth and allauth, every
 * DF module without it, allauth alone, the integrations together, Twilio and FCM through the
 * DF modules). `covers` is every plugin the project ends up
 * with (answers, added plugins and their dependencies): each project's test file checks it
 * against the project's record, and catalog-coverage.test.ts checks that together they
 * cover every plugin the catalog offers.
 */
import { fakeServiceAccount } from './fake-firebase.js';
import { generateKeyPairSync } from 'node:crypto';

export interface StackProject {
  label: string;
  /** Main answers (the defaults bring drf, redis, redis-cache, sentry and debug-toolbar). */
  args: string[];
  /** `djangoflow plugin <args>` runs, in order. */
  plugins: string[][];
  covers: string[];
}

const defaults = ['--defaults', '--project-name'];
const answerPlugins = ['drf', 'redis', 'redis-cache', 'sentry', 'debug-toolbar'];

/** Values given to the social sign-in wizard: each must end up in .env and nowhere else. */
export const socialSecrets = {
  googleClientId: '123456789012-wizardclient0e2e.apps.googleusercontent.com',
  googleClientSecret: 'GOCSPX-WizardGoogleSecretE2e00001',
  facebookAppId: '987654321012345',
  facebookAppSecret: 'fb0e2efb0e2efb0e2efb0e2efb0e2e01',
  appleServicesId: 'com.example.plugauth.web',
  appleTeamId: 'TEAM0E2E01',
  appleKeyId: 'KEY0E2E001',
};

/** A fresh P-256 key in PKCS#8 PEM, as Apple's AuthKey_<key id>.p8 files are. */
export const applePrivateKey = (): string => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** The wizard's options for every provider. */
export function socialWizardArgs(key: string): string[] {
  return [
    '--social-providers',
    'apple,google,facebook',
    '--google-client-id',
    socialSecrets.googleClientId,
    '--google-client-secret',
    socialSecrets.googleClientSecret,
    '--facebook-app-id',
    socialSecrets.facebookAppId,
    '--facebook-app-secret',
    socialSecrets.facebookAppSecret,
    '--apple-services-id',
    socialSecrets.appleServicesId,
    '--apple-team-id',
    socialSecrets.appleTeamId,
    '--apple-key-id',
    socialSecrets.appleKeyId,
    // =: a value starting with - would be read as an option.
    `--apple-private-key=${key}`,
  ];
}

/** The Apple key the every-DF-module project's wizard is given (its public half checks the client secret). */
export const socialAppleKey = applePrivateKey();

/** allauth's web sign-in beside df-auth's API tokens: one user model, both apps migrated; social sign-in through both. */
export const dfWithAuth: StackProject = {
  label: 'every DF module with df-auth, and allauth',
  args: [...defaults, 'Plug Auth'],
  plugins: [
    ['df-auth', '--defaults'],
    ['df-notifications', '--defaults'],
    ['df-survey', '--defaults'],
    ['allauth', '--allauth-providers', 'google,github', '--defaults'],
    ['social-signin', '--defaults', ...socialWizardArgs(socialAppleKey)],
  ],
  covers: [...answerPlugins, 'celery', 'df-api-drf', 'df-auth', 'df-notifications', 'df-remote-config', 'df-survey', 'allauth', 'social-signin', 'integration-checks'],
};

/** allauth alone: sign-up, email verification, TOTP with WebAuthn, Google sign-in. */
export const allauthAlone: StackProject = {
  label: 'allauth alone, in German',
  // Not English: the project's own tests must not depend on allauth's English messages.
  args: [...defaults, 'Plug Accounts', '--language-code', 'de'],
  plugins: [['allauth', '--allauth-webauthn', '--defaults']],
  covers: [...answerPlugins, 'allauth'],
};

/** df-api-drf comes with every DF module, df-notifications (and Celery) with df-survey. */
export const dfWithoutAuth: StackProject = {
  label: 'every DF module without df-auth',
  args: [...defaults, 'Plug Open'],
  plugins: [['df-remote-config', '--defaults'], ['df-survey', '--defaults']],
  covers: [...answerPlugins, 'celery', 'df-api-drf', 'df-notifications', 'df-remote-config', 'df-survey'],
};

/** Firebase service accounts of this run: the one given to the fcm wizard, and another. */
export const firebaseAccounts = { good: fakeServiceAccount(), wrong: fakeServiceAccount() };

/** Values given to the integration wizards: they must end up in .env and nowhere else. */
export const wizardSecrets = {
  stripeSecretKey: 'sk_test_51WizardSecretKeyE2e0001',
  stripePublishableKey: 'pk_test_51WizardPublishableE2e0001',
  stripeWebhookSecret: 'whsec_WizardWebhookSecretE2e0001',
  twilioAccountSid: 'AC0e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e',
  twilioAuthToken: 'f00df00df00df00df00df00df00df00d',
  fcmKeyPart: firebaseAccounts.good.keyPart,
};

export const integrations: StackProject = {
  label: 'the integrations together',
  args: [...defaults, 'Plug Kit', '--celery', '--storage', 's3', '--email', 'mailgun'],
  plugins: [
    ['channels', '--defaults'],
    ['reversion', '--defaults'],
    ['cors', '--defaults'],
    [
      'stripe',
      '--defaults',
      '--stripe-secret-key',
      wizardSecrets.stripeSecretKey,
      '--stripe-publishable-key',
      wizardSecrets.stripePublishableKey,
      '--stripe-webhook-secret',
      wizardSecrets.stripeWebhookSecret,
    ],
    [
      'twilio',
      '--defaults',
      '--twilio-account-sid',
      wizardSecrets.twilioAccountSid,
      '--twilio-auth-token',
      wizardSecrets.twilioAuthToken,
      '--twilio-from-number',
      '+15005550006',
    ],
    ['fcm', '--defaults', '--fcm-service-account', firebaseAccounts.good.json],
  ],
  covers: [...answerPlugins, 'celery', 'storages', 'anymail', 'channels', 'reversion', 'cors', 'stripe', 'twilio', 'fcm', 'integration-checks'],
};

/** The other API styles, each alone (test/e2e/api-ninja.test.ts, test/e2e/api-graphql.test.ts). */
export const ninjaProject: StackProject = {
  label: 'a Django Ninja project with two related apps',
  args: [...defaults, 'Acme Ninja', '--api', 'ninja'],
  plugins: [],
  covers: ['ninja', 'redis', 'redis-cache', 'sentry', 'debug-toolbar'],
};

export const graphqlProject: StackProject = {
  label: 'a GraphQL project with two related apps',
  args: [...defaults, 'Acme Graph', '--api', 'graphql'],
  plugins: [],
  covers: ['graphql', 'redis', 'redis-cache', 'sentry', 'debug-toolbar'],
};

/**
 * SMS and push through the DF modules: df-auth's SMS one-time passwords and df-notifications'
 * channels over Twilio and FCM. Facebook sign-in through df-auth beside them: its backend and
 * Twilio's SMS one share one AUTHENTICATION_BACKENDS (a section re-assigning the list once
 * dropped the SMS backend, and one-time passwords by SMS answered 401).
 */
export const dfMessaging: StackProject = {
  label: 'Twilio and FCM with df-auth and df-notifications, and Facebook sign-in',
  args: [...defaults, 'Plug Messaging'],
  plugins: [
    // A namespace other than v1: DF modules' APIs, and the project's own tests of them, follow it.
    ['df-auth', '--df-api-namespace', 'v2', '--defaults'],
    ['df-notifications', '--defaults'],
    ['twilio', '--defaults', '--twilio-account-sid', wizardSecrets.twilioAccountSid, '--twilio-auth-token', wizardSecrets.twilioAuthToken, '--twilio-from-number', '+15005550006'],
    ['fcm', '--defaults', '--fcm-service-account', firebaseAccounts.good.json],
    ['social-signin', '--defaults', '--social-providers', 'facebook'],
  ],
  covers: [...answerPlugins, 'celery', 'df-api-drf', 'df-auth', 'df-notifications', 'df-remote-config', 'twilio', 'fcm', 'social-signin', 'integration-checks'],
};

export const stackProjects = [dfWithAuth, dfWithoutAuth, integrations, dfMessaging, allauthAlone, ninjaProject, graphqlProject];
