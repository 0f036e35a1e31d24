/**
 * The wiring of Twilio and FCM on the render, with and without the DF modules they feed:
 * users' phone numbers and their migration, df-auth's SMS one-time passwords, django-otp-twilio's
 * settings, and the push app's devices and endpoint. df-messaging.test.ts and
 * integrations.test.ts prove the same projects on the installed stack; these say quickly
 * which piece broke.
 */
import { templatesDir } from '../../lib/template-set/paths.js';
import { renderProject } from '../../lib/render/index.js';
import type { ProjectState } from '../../lib/record/state.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import { withPlugin } from '../../generators/plugin/toggle.js';
import { defaultAnswers } from '../support/matrix.js';
import { catalog } from './helpers.js';

const templates = loadTemplateSet(templatesDir());
const plugins = catalog();
const bare: ProjectState = {
  version: '0.1.0',
  answers: { ...defaultAnswers(), cache: 'locmem', sentry: false, celery: false },
  apps: [],
  plugins: [],
};

async function render(...names: string[]): Promise<(path: string) => string | undefined> {
  const state = names.reduce((current, name) => withPlugin(plugins, current, name), bare);
  const { tree } = await renderProject(state, templates);
  return (path) => {
    const content = tree.get(path);
    return content === undefined ? undefined : String(content);
  };
}

test('twilio alone: users get a phone number and its migration, no one-time-password settings', async () => {
  const file = await render('twilio');
  expect(file('base/requirements/base.txt')).toMatch(/^django-phonenumber-field\[phonenumbers\]==9\.0\.0$/m);
  expect(file('src/apps/users/models.py')).toMatch(/^ {4}phone_number = PhoneNumberField\(/m);
  expect(file('src/apps/users/migrations/0002_user_phone_number.py')).toContain('name="phone_number"');
  expect(file('src/config/sections/twilio.py')).not.toContain('OTP_TWILIO_');
  expect(file('src/apps/sms/fields.py')).toBeUndefined();
  expect(file('src/apps/workflow/anonymizers.py') ?? '').toMatch(/phone_number/);
});

test("the Twilio SDK's request log (eight INFO lines per SMS) is quieted to warnings with twilio, and only then", async () => {
  const quiet = /^ {8}"twilio\.http_client": \{"level": "WARNING"\},$/m;
  expect((await render('twilio'))('src/config/sections/logging.py')).toMatch(quiet);
  expect((await render('df-auth'))('src/config/sections/logging.py')).not.toMatch(/twilio/);
});

test('without twilio: no phone number, no migration 0002', async () => {
  const file = await render('df-auth');
  expect(file('src/apps/users/models.py')).not.toContain('phone_number');
  expect(file('src/apps/users/migrations/0002_user_phone_number.py')).toBeUndefined();
  expect(file('src/config/sections/df_auth.py')).not.toMatch(/^ +"sms": /m);
});

test("twilio with df-auth and df-notifications: SMS one-time passwords and the SMS channel on Twilio's settings", async () => {
  for (const order of [['df-auth', 'df-notifications', 'twilio'], ['twilio', 'df-auth', 'df-notifications']]) {
    const file = await render(...order);
    const auth = file('src/config/sections/df_auth.py')!;
    expect(auth).toMatch(/^ +"phone_number": "sms\.fields\.E164PhoneNumberField",$/m);
    expect(file('src/apps/sms/fields.py')).toContain('class E164PhoneNumberField(PhoneNumberField):');
    expect(auth).toMatch(/^ +"sms": "otp_twilio\.models\.TwilioSMSDevice",$/m);
    expect(file('src/config/sections/auth.py')).toMatch(/^ +"df_auth\.backends\.TwilioSMSOTPBackend",$/m);
    const twilio = file('src/config/sections/twilio.py')!;
    for (const line of ['OTP_TWILIO_ACCOUNT = TWILIO_ACCOUNT_SID', 'OTP_TWILIO_AUTH = TWILIO_AUTH_TOKEN', 'OTP_TWILIO_FROM = TWILIO_FROM_NUMBER', 'OTP_TWILIO_URL = TWILIO_API_BASE']) {
      expect(twilio).toContain(line);
    }
    expect(file('.env.example')).not.toMatch(/^OTP_TWILIO_/m);
  }
});

test('fcm without df-notifications: fcm-django devices, their admin app and api/push/devices/', async () => {
  const file = await render('fcm');
  expect(file('base/requirements/base.txt')).toMatch(/^fcm-django==3\.2\.0$/m);
  expect(file('base/requirements/base.txt')).toMatch(/^firebase-admin==7\.7\.0$/m);
  expect(file('src/config/sections/apps.py')).toContain('"fcm_django"');
  expect(file('src/apps/push/client.py')).toContain('from fcm_django.models import FCMDevice as Device');
  expect(file('src/apps/push/urls.py')).toContain('router.register("devices", FCMDeviceAuthorizedViewSet');
  expect(file('src/config/urls.py')).toContain('path("api/push/", include(("push.urls", "push"))),');
  expect(file('src/config/sections/fcm.py')).toContain('FCM_DJANGO_SETTINGS = {');
  const env = file('.env.example')!;
  expect(env).toMatch(/^FCM_SERVICE_ACCOUNT=change-me$/m);
  expect(file('deploy/kubernetes/secret.example.env') ?? '').toMatch(/^FCM_SERVICE_ACCOUNT=/m);
});

test("fcm with df-notifications: its UserDevice and API, fcm-django's settings once", async () => {
  const file = await render('df-notifications', 'fcm');
  expect(file('src/apps/push/client.py')).toContain('from df_notifications.models import UserDevice as Device');
  expect(file('src/apps/push/urls.py')).toContain('urlpatterns: list = []');
  expect(file('src/config/sections/fcm.py')).not.toContain('FCM_DJANGO_SETTINGS');
});

test("with social-signin's Facebook too, config/sections/auth.py holds every backend and no other section re-assigns the list", async () => {
  const state = ['df-auth', 'twilio', 'social-signin'].reduce((current, name) => withPlugin(plugins, current, name), bare);
  const { tree } = await renderProject({ ...state, answers: { ...state.answers, socialProviders: 'google,facebook' } }, templates);
  const backends = /^AUTHENTICATION_BACKENDS = \[([^\]]*)\]/m.exec(String(tree.get('src/config/sections/auth.py')))?.[1] ?? '';
  for (const backend of ['django.contrib.auth.backends.ModelBackend', 'df_auth.backends.TwilioSMSOTPBackend', 'social_core.backends.facebook.FacebookOAuth2']) {
    expect([backend, backends.includes(`"${backend}"`)]).toEqual([backend, true]);
  }
  // A section that re-assigned it from auth's list would drop what another section added.
  const reassigning = [...tree.keys()].filter((path) => path.startsWith('src/config/') && path !== 'src/config/sections/auth.py' && /^AUTHENTICATION_BACKENDS\b/m.test(String(tree.get(path))));
  expect(reassigning).toEqual([]);
});
