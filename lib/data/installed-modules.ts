/**
 * Top-level import names of every distribution a generated project installs (core, every
 * plugin, development tools; transitive dependencies included), taken from a venv holding
 * templates/pins.yaml's full stack with importlib.metadata.packages_distributions(). An app
 * named like one of them (`faker`) would shadow the library for the whole project.
 * Refresh it when the pins change much; data, not logic.
 */
export const installedModules: readonly string[] = [
  'admin_auto_filters', 'aiohappyeyeballs', 'aiohttp', 'aiohttp_retry', 'aiosignal', 'amqp', 'anyio',
  'appconf', 'asgiref', 'ast_serialize', 'asttokens', 'attr', 'attrs', 'billiard', 'cachecontrol',
  'celery', 'certifi', 'cffi', 'cfgv', 'charset_normalizer', 'click', 'click_didyoumean',
  'click_plugins', 'click_repl', 'coverage', 'cron_descriptor', 'cronlog', 'crontab', 'crontabs',
  'cryptography', 'cssbeautifier', 'dateutil', 'dbtemplates', 'debug_toolbar', 'decorator',
  'defusedxml', 'df_api_drf', 'df_auth', 'df_notifications', 'df_remote_config', 'df_survey',
  'diff_match_patch', 'distlib', 'django', 'django_admin_relation_links', 'django_celery_beat',
  'django_coverage_plugin', 'django_extensions', 'django_filters', 'django_otp', 'django_redis',
  'django_slack', 'django_stubs_ext', 'django_upgrade', 'djlint', 'drf_spectacular',
  'drf_spectacular_sidecar', 'editorconfig', 'empty', 'environ', 'executing', 'factory', 'faker',
  'fcm_django', 'filelock', 'firebase_admin', 'flower', 'frozenlist', 'google', 'google_crc32c',
  'grpc', 'grpc_status', 'gunicorn', 'h11', 'h2', 'hashid_field', 'hashids', 'hiredis', 'hpack',
  'httpcore', 'httpx', 'humanize', 'hyperframe', 'identify', 'idna', 'import_export', 'inflection',
  'iniconfig', 'ipdb', 'ipython_pygments_lexers', 'jedi', 'jsbeautifier', 'json5', 'jsoneditor',
  'jsonschema', 'jsonschema_specifications', 'jwt', 'kombu', 'librt', 'markupsafe',
  'matplotlib_inline', 'model_utils', 'msgpack', 'multidict', 'mypy', 'mypy_django_plugin',
  'mypy_drf_plugin', 'mypy_extensions', 'mypyc', 'nodeenv', 'oauthlib', 'openid', 'opentelemetry',
  'otp_twilio', 'packaging', 'parso', 'pathspec', 'pexpect', 'phonenumber_field', 'phonenumbers',
  'pip', 'platformdirs', 'pluggy', 'pre_commit', 'prometheus_client', 'prompt_toolkit', 'propcache',
  'proto', 'psutil', 'psycopg', 'psycopg_binary', 'ptyprocess', 'pure_eval', 'py', 'pyasn1',
  'pyasn1_modules', 'pycparser', 'pygments', 'pytest', 'pytest_django', 'pytest_sugar',
  'python_discovery', 'pytz', 'redis', 'referencing', 'regex', 'requests', 'requests_oauthlib',
  'rest_framework', 'rest_framework_simplejwt', 'rpds', 'ruff', 'sentry_sdk', 'social_core',
  'social_django', 'sqlparse', 'stack_data', 'swapper', 'tablib', 'termcolor', 'tests',
  'timezone_field', 'tokenize_rt', 'tornado', 'traitlets', 'twilio', 'typing_extensions', 'tzdata',
  'tzlocal', 'uritemplate', 'urllib3', 'vine', 'virtualenv', 'watchdog', 'watchfiles', 'wcwidth',
  'werkzeug', 'whitenoise', 'yaml', 'yarl'
];
