/**
 * Top-level import names of every distribution a generated project installs (core, every
 * plugin, development tools; transitive dependencies included), taken from a venv holding
 * templates/pins.yaml's full stack with importlib.metadata.packages_distributions(). An app
 * named like one of them (`faker`) would shadow the library for the whole project.
 * Data, not logic: every real-stack test compares the venv it installs with it
 * (test/support/real-stack.ts) and names what is missing.
 */
export const installedModules: readonly string[] = [
  'admin_auto_filters', 'aiohappyeyeballs', 'aiohttp', 'aiohttp_retry', 'aiosignal', 'allauth',
  'amqp', 'annotated_types', 'anyio', 'anymail', 'appconf', 'argon2', 'asgiref', 'ast_serialize',
  'asttokens', 'attr', 'attrs', 'autobahn', 'automat', 'azure', 'billiard', 'boto3', 'botocore',
  'cachecontrol', 'cbor2', 'celery', 'certifi', 'cffi', 'cfgv', 'channels', 'channels_redis',
  'charset_normalizer', 'click', 'click_didyoumean', 'click_plugins', 'click_repl', 'constantly',
  'corsheaders', 'coverage', 'cron_descriptor', 'cronlog', 'crontab', 'crontabs', 'cross_web',
  'cryptography', 'cssbeautifier', 'daphne', 'dateutil', 'dbtemplates', 'debug_toolbar',
  'decorator', 'defusedxml', 'df_api_drf', 'df_auth', 'df_notifications', 'df_remote_config',
  'df_survey', 'diff_match_patch', 'distlib', 'django', 'django_admin_relation_links',
  'django_celery_beat', 'django_coverage_plugin', 'django_extensions', 'django_filters',
  'django_otp', 'django_redis', 'django_slack', 'django_stubs_ext', 'django_upgrade', 'djlint',
  'dotenv', 'drf_spectacular', 'drf_spectacular_sidecar', 'editorconfig', 'empty', 'environ',
  'executing', 'factory', 'faker', 'fcm_django', 'fido2', 'filelock', 'firebase_admin', 'flower',
  'frozenlist', 'google', 'google_crc32c', 'graphql', 'grpc', 'grpc_status', 'gunicorn', 'h11',
  'h2', 'hashid_field', 'hashids', 'hiredis', 'hpack', 'httpcore', 'httptools', 'httpx', 'humanize',
  'hyperframe', 'hyperlink', 'identify', 'idna', 'import_export', 'incremental', 'inflection',
  'iniconfig', 'ipdb', 'ipython_pygments_lexers', 'isodate', 'jedi', 'jmespath', 'jsbeautifier',
  'json5', 'jsoneditor', 'jsonschema', 'jsonschema_specifications', 'jwt', 'kombu', 'librt',
  'markupsafe', 'matplotlib_inline', 'model_utils', 'msgpack', 'multidict', 'mypy',
  'mypy_django_plugin', 'mypy_drf_plugin', 'mypy_extensions', 'mypyc', 'ninja', 'nodeenv',
  'oauthlib', 'openid', 'opentelemetry', 'otp_twilio', 'packaging', 'parso', 'pathspec', 'pexpect',
  'phonenumber_field', 'phonenumbers', 'pip', 'platformdirs', 'pluggy', 'pre_commit',
  'prometheus_client', 'prompt_toolkit', 'propcache', 'proto', 'psutil', 'psycopg',
  'psycopg_binary', 'psycopg_c', 'psycopg_pool', 'ptyprocess', 'pure_eval', 'py', 'pyasn1',
  'pyasn1_modules', 'pycparser', 'pydantic', 'pydantic_core', 'pygments', 'pytest', 'pytest_django',
  'pytest_sugar', 'python_discovery', 'pytz', 'qrcode', 'redis', 'referencing', 'regex', 'requests',
  'requests_oauthlib', 'rest_framework', 'rest_framework_simplejwt', 'reversion', 'rpds', 'ruff',
  's3transfer', 'sentry_sdk', 'service_identity', 'six', 'social_core', 'social_django', 'sqlparse',
  'stack_data', 'storages', 'strawberry', 'strawberry_django', 'stripe', 'swapper', 'tablib',
  'termcolor', 'tests', 'timezone_field', 'tokenize_rt', 'tornado', 'traitlets', 'twilio',
  'twisted', 'txaio', 'typing_extensions', 'typing_inspection', 'tzdata', 'tzlocal', 'ujson',
  'uritemplate', 'urllib3', 'uv', 'uvicorn', 'uvicorn_worker', 'uvloop', 'vine', 'virtualenv',
  'watchdog', 'watchfiles', 'wcwidth', 'websockets', 'werkzeug', 'whitenoise', 'yaml', 'yarl',
  'zope'
];
