/**
 * The wiring of the DF modules and Channels on the render: requirements, INSTALLED_APPS,
 * settings sections, the api/ includes, the sites framework, env documentation, ASGI
 * routing. stack.test.ts proves the same projects on the installed stack; these tests say
 * quickly which piece of wiring broke.
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
  answers: { ...defaultAnswers(), api: 'none', cache: 'locmem', sentry: false, celery: false },
  apps: [],
  plugins: [],
};

async function render(name: string): Promise<(path: string) => string> {
  const { tree } = await renderProject(withPlugin(plugins, bare, name), templates);
  return (path) => {
    const content = tree.get(path);
    if (content === undefined) throw new Error(`${path} is not rendered`);
    return String(content);
  };
}

/** The Python list assigned to `name` in a rendered module, as strings. */
function listOf(source: string, name: string): string[] {
  const match = new RegExp(`^${name} = \\[([^\\]]*)\\]`, 'm').exec(source);
  if (!match) throw new Error(`${name} not found`);
  return [...match[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
}

test('df-auth: its package, apps, dependencies, settings, env and one api/ include', async () => {
  const file = await render('df-auth');
  const base = file('base/requirements/base.txt');
  for (const line of ['django-df-auth==1.0.11', 'django-df-api-drf==1.0.4', 'django-df-remote-config==0.1.0', 'djangorestframework==']) {
    expect(base).toContain(line);
  }
  // df_auth imports AuthForbidden, which social-auth-core 6.0 removed.
  expect(base).toMatch(/^social-auth-core==5\./m);
  // E-mail identities are addresses; API passwords pass AUTH_PASSWORD_VALIDATORS; accounts
  // made by one-time password get a username (users.User.save).
  const section = file('src/config/sections/df_auth.py');
  expect(section).toContain('"email": "rest_framework.serializers.EmailField"');
  expect(section).toContain('"password": "users.drf.fields.ValidatedPasswordField"');
  expect(file('src/apps/users/drf/fields.py')).toContain('validate_password(password, user=user)');
  // set-password's new password too: df-auth's routes are served by the project's module,
  // by both routers (config/api/routes.py at api/v1/, df_api_drf at api/<namespace>/).
  const dfAuthApp = file('src/config/df_apps/df_auth.py');
  expect(dfAuthApp).toContain('api_urls = "users.drf.df_auth_urls"');
  expect(dfAuthApp).toContain('api_drf_namespaces = {api_settings.DEFAULT_NAMESPACE: api_urls}');
  expect(file('src/apps/users/drf/df_auth_urls.py')).toContain('new_password = ValidatedPasswordField(required=True, write_only=True)');
  expect(file('src/config/api/routes.py')).toContain('urls = getattr(df_meta, "api_urls", f"{app_config.name}.drf.urls")');
  expect(file('src/apps/users/models.py')).toContain('def save(self, *args: Any, **kwargs: Any) -> None:');
  // One-time passwords are limited per destination (config/api/throttles.py).
  // One-time passwords are limited per destination and per client (config/api/throttles.py),
  // the client found behind the proxies that DJANGO_NUM_PROXIES counts.
  expect(section).toContain('"config.api.throttles.OneTimePasswordDestinationThrottle",');
  expect(section).toContain('"config.api.throttles.OneTimePasswordClientThrottle",');
  expect(section).toContain('"DEFAULT_THROTTLE_RATES": {"otp-destination": "5/hour", "otp-client": "20/hour"}');
  expect(file('src/config/api/throttles.py')).toContain('class OneTimePasswordDestinationThrottle(SimpleRateThrottle):');
  expect(file('src/config/api/throttles.py')).toContain('class OneTimePasswordClientThrottle(SimpleRateThrottle):');
  expect(file('src/config/sections/drf.py')).toContain('"NUM_PROXIES": NUM_PROXIES,');
  expect(file('src/config/sections/security.py')).toContain('NUM_PROXIES = env.int("DJANGO_NUM_PROXIES", default=0)');
  expect(file('src/apps/core/admin_login.py')).toContain('return f"admin-login-failures:{client_address(request)}"');
  const apps = listOf(file('src/config/sections/apps.py'), 'CORE_EXTENSIONS');
  expect(apps).toEqual(
    expect.arrayContaining([
      'django.contrib.sites',
      'rest_framework',
      'df_api_drf',
      'drf_spectacular_sidecar',
      'jsoneditor',
      'config.df_apps.df_remote_config.DfRemoteConfigConfig',
      'config.df_apps.df_auth.DFAuthConfig',
      'rest_framework_simplejwt',
      'django_otp',
      'otp_twilio',
      'social_django',
    ]),
  );
  expect(file('src/config/df_apps/df_auth.py')).toContain('default_auto_field = "django.db.models.AutoField"');
  const settings = file('src/config/settings/base.py');
  const order = ['drf', 'df_api_drf', 'df_remote_config', 'df_auth'].map((s) => settings.indexOf(`from config.sections.${s} import *`));
  expect(order.every((index, i) => index > 0 && (i === 0 || index > order[i - 1]!))).toBe(true);
  expect(file('src/config/sections/df_api_drf.py')).toMatch(/^SITE_ID = 1$/m);
  const auth = file('src/config/sections/df_auth.py');
  // Plugins' authentication backends are listed in one place, after ModelBackend.
  const backends = file('src/config/sections/auth.py');
  expect(backends).toContain('"df_auth.backends.EmailOTPBackend"');
  expect(backends.indexOf('"django.contrib.auth.backends.ModelBackend"')).toBeLessThan(backends.indexOf('"df_auth.backends.EmailOTPBackend"'));
  // No phone number on users.User: the SMS backend stays off.
  expect(backends).not.toMatch(/^ +"df_auth\.backends\.TwilioSMSOTPBackend"/m);
  expect(auth).not.toMatch(/^ +"df_auth\.backends\.TwilioSMSOTPBackend"/m);
  // DF's sliding tokens, which token/ issues and token/refresh/ expects.
  expect(auth).toMatch(/^from df_auth\.defaults import SIMPLE_JWT/m);
  expect(auth).not.toMatch(/^SIMPLE_JWT = /m);
  expect(auth.match(/JWTAuthentication/g)).toHaveLength(1);
  expect(file('src/config/urls.py').match(/include\("df_api_drf\.urls"\)/g)).toHaveLength(1);
  expect(file('src/config/api/urls.py').match(/include\("df_api_drf\.urls"\)/g)).toHaveLength(1);
  const env = file('.env.example');
  for (const name of ['SOCIAL_AUTH_GOOGLE_OAUTH2_KEY', 'DF_API_DRF_SITE_URL']) {
    expect(env).toMatch(new RegExp(`^${name}=`, 'm'));
  }
  expect(env).not.toMatch(/^OTP_TWILIO_/m);
});

test("df-api-drf keeps the project's REST framework settings: no DF versioning, no JWT without df-auth", async () => {
  const file = await render('df-api-drf');
  const section = file('src/config/sections/df_api_drf.py');
  expect(section).toContain('**REST_FRAMEWORK,');
  expect(section).not.toMatch(/^ +"DEFAULT_VERSIONING_CLASS",$/m);
  expect(section).not.toMatch(/^ +"DEFAULT_AUTHENTICATION_CLASSES",$/m);
  expect(section).not.toContain('EXCEPTION_HANDLER');
  expect(file('src/config/sections/drf.py')).toContain('"rest_framework.authentication.SessionAuthentication"');
  // DF's error format, through the project's handler (503 for an unreachable provider).
  expect(file('src/config/sections/drf.py')).toContain('"EXCEPTION_HANDLER": "config.api.exceptions.exception_handler"');
  expect(file('src/config/api/exceptions.py')).toContain('from df_api_drf.exceptions import errors_formatter_exception_handler as format_error');
  expect(file('src/config/api/urls.py')).toContain('path("api/", include("df_api_drf.urls"))');
});

test("drf's exception handler formats with REST framework's own handler without DF, and an API-less project has none", async () => {
  const file = await render('drf');
  expect(file('src/config/sections/drf.py')).toContain('"EXCEPTION_HANDLER": "config.api.exceptions.exception_handler"');
  const handler = file('src/config/api/exceptions.py');
  expect(handler).toContain('from rest_framework.views import exception_handler as format_error');
  expect(handler).not.toContain('df_api_drf');
  expect(file('src/config/api/test_exceptions.py')).toContain('"detail": UpstreamUnavailable.default_detail');
  // The errors that count as unreachable are listed once, for pages and the API alike.
  expect(handler).toContain('from core.upstream import RETRY_AFTER_SECONDS, UNREACHABLE_ERRORS');
  expect(handler).not.toContain('socket.gaierror');
  expect(file('src/apps/core/upstream.py')).toContain('and by config/api/exceptions.py for the API');
  const { tree } = await renderProject(bare, templates);
  expect(tree.get('src/config/api/exceptions.py')).toBeUndefined();
  // Pages answer 503 too, in every project (core/middleware.py, last in MIDDLEWARE).
  const middleware = String(tree.get('src/config/sections/middleware.py'));
  expect(middleware.trimEnd().split('\n').slice(-2)).toEqual(['    "core.middleware.UpstreamUnavailableMiddleware",', ']']);
  expect(String(tree.get('src/apps/core/upstream.py'))).toContain('    socket.gaierror,  # a host name that does not resolve');
  expect(String(tree.get('src/apps/core/upstream.py'))).not.toContain('config/api/exceptions.py');
  expect(String(tree.get('src/templates/503.html'))).toContain('<h1>Service unavailable</h1>');
});

test('df-api-drf: the namespace answer reaches its settings', async () => {
  const state = withPlugin(plugins, bare, 'df-api-drf');
  const { tree } = await renderProject({ ...state, answers: { ...state.answers, dfApiNamespace: 'v2' } }, templates);
  expect(String(tree.get('src/config/sections/df_api_drf.py'))).toContain('"DEFAULT_NAMESPACE": "v2"');
});

test('channels: daphne first, the Redis channel layer and the ASGI routing', async () => {
  const file = await render('channels');
  expect(file('base/requirements/base.txt')).toMatch(/^daphne==/m);
  const appsModule = file('src/config/sections/apps.py');
  // daphne's runserver (ASGI) must win: no app before it may ship a runserver command.
  expect(listOf(appsModule, 'FIRST_APPS')[0]).toBe('daphne');
  expect(listOf(appsModule, 'CORE_EXTENSIONS')).toEqual(expect.arrayContaining(['channels']));
  expect(file('src/config/sections/channels.py')).toContain('ASGI_APPLICATION = "config.asgi.application"');
  expect(file('src/config/sections/channels.py')).toContain('channels_redis.core.RedisChannelLayer');
  expect(file('src/config/routing.py')).toContain('websocket_urlpatterns: list[URLPattern] = []');
  expect(file('src/config/asgi.py')).toContain('AuthMiddlewareStack(URLRouter(websocket_urlpatterns))');
});

test('channels serves ASGI whatever was answered, and only while it is on', async () => {
  expect(bare.answers.asgi).toBe(false);
  const file = await render('channels');
  expect(file('base/scripts/start')).toContain('--worker-class uvicorn_worker.UvicornWorker config.asgi:application');
  expect(file('base/requirements/production.txt')).toMatch(/^uvicorn-worker==/m);
  const { tree } = await renderProject(bare, templates);
  expect(String(tree.get('base/scripts/start'))).not.toContain('uvicorn');
  expect(String(tree.get('base/requirements/production.txt'))).not.toMatch(/uvicorn/);
});

test('df-notifications brings Celery; df-survey documents its hashid salt', async () => {
  const notifications = await render('df-notifications');
  expect(notifications('src/config/settings/base.py')).toContain('from config.sections.celery import *');
  expect(listOf(notifications('src/config/sections/apps.py'), 'CORE_EXTENSIONS')).toEqual(
    expect.arrayContaining(['config.df_apps.df_notifications.DFNotificationsConfig', 'fcm_django', 'django_slack', 'django_celery_beat', 'otp_twilio']),
  );
  // import_export.admin (imported by df_notifications) needs the admin app in every deployment.
  expect(notifications('src/config/sections/apps.py')).toMatch(/^ADMIN_APPS: list\[str\] = \[\]$/m);
  const survey = await render('df-survey');
  expect(survey('.env.example')).toMatch(/^HASHID_FIELD_SALT=/m);
  expect(survey('base/requirements/base.txt')).toMatch(/^django-df-survey==0\.1\.24$/m);
  expect(survey('src/config/sections/df_survey.py')).toContain('HASHID_FIELD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890"');
});

test("allauth's rate limits count per client behind the proxies DJANGO_NUM_PROXIES counts", async () => {
  const file = await render('allauth');
  const section = file('src/config/sections/allauth.py');
  expect(section).toContain('from config.sections.security import NUM_PROXIES');
  expect(section).toMatch(/^ALLAUTH_TRUSTED_PROXY_COUNT = NUM_PROXIES$/m);
  expect(section).toContain('ACCOUNT_RATE_LIMITS = {"login_failed": "5/15m/ip,5/5m/key"}');
});
