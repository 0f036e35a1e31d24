/**
 * lib/render/accounts.ts: which pages serve web sign-in (core.yaml's, or allauth's), the
 * authentication backends in order, and the personal-data declarations the anonymizer
 * renders, each table once.
 */
import { templatesDir } from '../../lib/template-set/paths.js';
import { resolvePlugins } from '../../lib/plugins/active.js';
import { accountsContext } from '../../lib/render/accounts.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import type { Answers } from '../../lib/questions/question.js';

const templates = loadTemplateSet(templatesDir());
const context = (names: string[], answers: Answers = {}) => accountsContext(templates, [templates.core], resolvePlugins(templates.catalog, names), answers);

test("without allauth the project's own pages serve web sign-in", () => {
  expect(context([]).webSignIn).toEqual({ urls: 'users.urls', login: 'login', logout: 'logout', passwordReset: 'password_reset' });
  expect(context([]).authenticationBackends).toEqual([]);
});

test("with allauth and df-auth, allauth's pages serve the web and both backends follow ModelBackend", () => {
  const accounts = context(['df-auth', 'allauth']);
  expect(accounts.webSignIn).toMatchObject({ urls: 'allauth.urls', login: 'account_login', signup: 'account_signup' });
  expect(accounts.authenticationBackends).toEqual([
    'df_auth.backends.EmailOTPBackend',
    'social_core.backends.google.GoogleOAuth2',
    'social_core.backends.apple.AppleIdAuth',
    'allauth.account.auth_backends.AuthenticationBackend',
  ]);
});

test("conditional backends: df-auth's SMS one-time passwords with twilio, social-signin's Facebook through df-auth when chosen", () => {
  const sms = 'df_auth.backends.TwilioSMSOTPBackend';
  const facebook = 'social_core.backends.facebook.FacebookOAuth2';
  expect(context(['df-auth']).authenticationBackends).not.toContain(sms);
  expect(context(['df-auth', 'twilio']).authenticationBackends).toContain(sms);
  // The default providers (google) and allauth's web sign-in alone need no python-social-auth backend.
  expect(context(['df-auth', 'social-signin']).authenticationBackends).not.toContain(facebook);
  expect(context(['allauth', 'social-signin'], { socialProviders: 'facebook' }).authenticationBackends).not.toContain(facebook);
  // Both at once, in one list: neither section can drop the other's.
  expect(context(['df-auth', 'twilio', 'social-signin'], { socialProviders: 'google,facebook' }).authenticationBackends).toEqual([
    'df_auth.backends.EmailOTPBackend',
    'social_core.backends.google.GoogleOAuth2',
    'social_core.backends.apple.AppleIdAuth',
    sms,
    facebook,
  ]);
});

test('a table two plugins declare (otp_twilio: df-auth and df-notifications) is declared once, sorted by model', () => {
  const models = context(['df-auth', 'df-notifications', 'allauth']).personalData.map((entry) => entry.model);
  expect(models.filter((model) => model === 'otp_twilio.TwilioSMSDevice')).toHaveLength(1);
  expect(models).toEqual([...models].sort());
  expect(models).toEqual(expect.arrayContaining(['users.User', 'sessions.Session', 'admin.LogEntry', 'mfa.Authenticator']));
});

test("a plugin's fields of a model the core declares join the core's (twilio's users.User.phone_number)", () => {
  const users = context(['twilio']).personalData.filter((entry) => entry.model === 'users.User');
  expect(users).toHaveLength(1);
  expect(users[0]!.fields).toMatchObject({ email: 'email', password: 'unusable-password', phone_number: 'null' });
});

test('two plugins that both serve web sign-in are refused', () => {
  const allauth = templates.catalog.get('allauth')!;
  expect(() => accountsContext(templates, [templates.core], [allauth, { ...allauth, name: 'other' }], {})).toThrow(/allauth and other both serve web sign-in/);
});
