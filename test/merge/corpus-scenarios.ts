/**
 * The merge corpus: what people do to a generated Django project before running the next
 * command (models, admin, serializers, views, urls, settings, tests, requirements,
 * `.env.example`, compose, CI, kustomize, README), with the outcome a person expects: clean
 * where the edits touch other lines than the template's, a conflict where both sides changed
 * the same lines differently. The first five are the table of issue 23.
 */
import type { Scenario } from './corpus-project.js';

const COMMENT = ['model', 'blog', 'Comment', 'body:text'];
const SUBTITLE = ['model', 'blog', 'Post', 'subtitle:str'];
const PAGES = ['model', 'blog', 'Post', '--pages'];
const NO_PAGES = ['model', 'blog', 'Post', '--no-pages'];
const SHOP = ['startapp', 'shop', '--model', 'Item', 'name:str'];
const CELERY = ['plugin', 'celery'];
const GITLAB = ['--ci', 'gitlab'];
const UPGRADE = ['upgrade'];

const MODELS = 'src/apps/blog/models.py';
const ADMIN = 'src/apps/blog/admin.py';
const SERIALIZERS = 'src/apps/blog/drf/serializers.py';
const VIEWSETS = 'src/apps/blog/drf/viewsets.py';
const API_URLS = 'src/apps/blog/drf/urls.py';
const URLS = 'src/apps/blog/urls.py';
const VIEWS = 'src/apps/blog/views.py';
const FACTORIES = 'src/apps/blog/factories.py';
const TEST_MODELS = 'src/apps/blog/tests/test_models.py';
const TEST_API = 'src/apps/blog/tests/test_api.py';
const APPS = 'src/config/sections/apps.py';
const GENERAL = 'src/config/sections/general.py';
const ROOT_URLS = 'src/config/urls.py';
const WEB_URLS = 'src/config/web/urls.py';
const REQUIREMENTS = 'base/requirements/base.txt';
const ENV = '.env.example';
const COMPOSE = 'docker-compose.yml';
const CI = '.github/workflows/ci.yml';
const KUSTOMIZE = 'deploy/kubernetes/base/kustomization.yaml';

const BODY = '    body = models.TextField(_("body"))';
const STR = '        return self.title';
const HELPER = '\n\ndef published_titles():\n    return Post.objects.values_list("title", flat=True)\n';

export const scenarios: Scenario[] = [
  // The table of issue 23.
  { name: 'helper appended to models.py, then a new model', edits: [{ path: MODELS, text: HELPER }], commands: [COMMENT], expect: 'clean' },
  { name: 'field added under body, then a field by the command', edits: [{ path: MODELS, after: BODY, text: '    summary = models.TextField(blank=True)\n' }], commands: [SUBTITLE], expect: 'clean' },
  { name: 'site header appended to admin.py, then a new model', edits: [{ path: ADMIN, text: '\nadmin.site.site_header = "Acme administration"\n' }], commands: [COMMENT], expect: 'clean' },
  { name: 'class appended to serializers.py, then a new model', edits: [{ path: SERIALIZERS, text: '\n\nclass TitleSerializer(serializers.Serializer):\n    title = serializers.CharField()\n' }], commands: [COMMENT], expect: 'clean' },
  { name: 'method right after __str__, then pages on and off', edits: [{ path: MODELS, after: STR, text: '\n    def shout(self):\n        return self.title.upper()\n' }], commands: [PAGES, NO_PAGES], expect: 'clean' },

  // models.py
  { name: 'method after __str__, then a new model', edits: [{ path: MODELS, after: STR, text: '\n    def word_count(self):\n        return len(self.body.split())\n' }], commands: [COMMENT], expect: 'clean' },
  { name: 'custom manager before the model and on it', edits: [{ path: MODELS, after: 'from core.models import TimeStampedModel', text: '\n\nclass PostQuerySet(models.QuerySet):\n    def titled(self):\n        return self.exclude(title="")\n' }, { path: MODELS, after: BODY, text: '\n    objects = PostQuerySet.as_manager()\n' }], commands: [COMMENT], expect: 'clean' },
  { name: 'module constant after the imports', edits: [{ path: MODELS, after: 'from core.models import TimeStampedModel', text: '\nMAX_TITLE = 255\n' }], commands: [COMMENT], expect: 'clean' },
  { name: 'an import of the user', edits: [{ path: MODELS, after: 'from django.db import models', text: 'from django.db.models.functions import Lower\n' }], commands: [PAGES], expect: 'clean' },
  { name: '__str__ changed, then a new model', edits: [{ path: MODELS, replace: STR, text: '        return self.title[:50]' }], commands: [COMMENT], expect: 'clean' },
  { name: 'Meta option added, then a field', edits: [{ path: MODELS, after: '        ordering = ["-pk"]', text: '        get_latest_by = "created"\n' }], commands: [SUBTITLE], expect: 'clean' },
  { name: 'title max_length changed, then a field', edits: [{ path: MODELS, replace: 'max_length=255)\n    body', text: 'max_length=300)\n    body' }], commands: [SUBTITLE], expect: 'clean' },
  { name: 'the same field added by hand with other options', edits: [{ path: MODELS, after: BODY, text: '    subtitle = models.CharField(max_length=80)\n' }], commands: [SUBTITLE], expect: 'conflict', conflictIn: MODELS },
  { name: 'own get_absolute_url, then pages', edits: [{ path: MODELS, after: STR, text: '\n    def get_absolute_url(self):\n        return f"/blog/{self.pk}/"\n' }], commands: [PAGES], expect: 'conflict', conflictIn: MODELS },
  { name: 'helper and field, then a field and a model', edits: [{ path: MODELS, text: HELPER }, { path: MODELS, after: BODY, text: '    pinned = models.BooleanField(default=False)\n' }], commands: [SUBTITLE, COMMENT], expect: 'clean' },
  { name: 'comment line above the model', edits: [{ path: MODELS, after: '', text: '# Blog posts, shown on the start page.\n' }], commands: [COMMENT], expect: 'clean' },

  // admin.py
  { name: 'list_filter added to PostAdmin', edits: [{ path: ADMIN, after: '    search_fields = ["title"]', text: '    list_filter = ["created"]\n' }], commands: [COMMENT], expect: 'clean' },
  { name: 'admin import line changed by both', edits: [{ path: ADMIN, replace: 'from .models import Post\n', text: 'from .models import Post  # the blog\n' }], commands: [COMMENT], expect: 'conflict', conflictIn: ADMIN },
  { name: 'admin action function appended', edits: [{ path: ADMIN, text: '\n\n@admin.action(description="Touch")\ndef touch(modeladmin, request, queryset):\n    queryset.update()\n' }], commands: [SUBTITLE], expect: 'clean' },
  { name: 'list_display changed, then a new model', edits: [{ path: ADMIN, replace: '    list_display = ["title"]', text: '    list_display = ["title", "created"]' }], commands: [COMMENT], expect: 'clean' },

  // serializers, viewsets, API urls
  { name: 'serializer fields changed by both', edits: [{ path: SERIALIZERS, replace: '"id", "title", "body"]', text: '"id", "title", "body", "created"]' }], commands: [SUBTITLE], expect: 'conflict', conflictIn: SERIALIZERS },
  { name: 'serializer fields changed, then a new model', edits: [{ path: SERIALIZERS, replace: '"id", "title", "body"]', text: '"id", "title", "body", "created"]' }], commands: [COMMENT], expect: 'clean' },
  { name: 'extra_kwargs in the serializer Meta', edits: [{ path: SERIALIZERS, after: '        read_only_fields = ["id"]', text: '        extra_kwargs = {"body": {"required": False}}\n' }], commands: [SUBTITLE], expect: 'clean' },
  { name: 'validate method on the serializer', edits: [{ path: SERIALIZERS, after: '        read_only_fields = ["id"]', text: '\n    def validate_title(self, value):\n        return value.strip()\n' }], commands: [COMMENT], expect: 'clean' },
  { name: 'permission on the viewset, with its import', edits: [{ path: VIEWSETS, after: 'from rest_framework import viewsets', text: 'from rest_framework.permissions import IsAuthenticated\n' }, { path: VIEWSETS, after: '    serializer_class = PostSerializer', text: '    permission_classes = [IsAuthenticated]\n' }], commands: [COMMENT], expect: 'clean' },
  { name: 'get_queryset on the viewset', edits: [{ path: VIEWSETS, after: '    serializer_class = PostSerializer', text: '\n    def get_queryset(self):\n        return Post.objects.order_by("title")\n' }], commands: [COMMENT], expect: 'clean' },
  { name: 'a route registered by hand', edits: [{ path: API_URLS, after: 'router.register("posts", PostViewSet, basename="post")', text: 'router.register("articles", PostViewSet, basename="article")\n' }], commands: [COMMENT], expect: 'clean' },

  // views, urls, factories, tests
  { name: 'a view appended to views.py, then pages', edits: [{ path: VIEWS, text: '\n\nclass AboutView(ListView):\n    model = Post\n    template_name = "blog/index.html"\n' }], commands: [PAGES], expect: 'clean' },
  { name: 'a path appended to the app urlpatterns, then pages', edits: [{ path: URLS, after: '    path("", IndexView.as_view(), name="index"),', text: '    path("latest/", IndexView.as_view(), name="latest"),\n' }], commands: [PAGES], expect: 'clean' },
  { name: 'paginate_by changed, then pages', edits: [{ path: VIEWS, replace: 'paginate_by = 20', text: 'paginate_by = 50' }], commands: [PAGES], expect: 'clean' },
  { name: 'factory field changed, then a field', edits: [{ path: FACTORIES, replace: 'f"title {n}"', text: 'f"Post number {n}"' }], commands: [SUBTITLE], expect: 'clean' },
  { name: 'a batch helper appended to factories', edits: [{ path: FACTORIES, text: '\n\ndef make_posts(count):\n    return PostFactory.create_batch(count)\n' }], commands: [COMMENT], expect: 'clean' },
  { name: 'a test method added to PostTests', edits: [{ path: TEST_MODELS, text: '\n    def test_body_is_kept(self):\n        post = PostFactory.create(body="x")\n\n        self.assertEqual(post.body, "x")\n' }], commands: [COMMENT], expect: 'clean' },
  { name: 'a test class appended', edits: [{ path: TEST_MODELS, text: '\n\nclass OrderingTests(TestCase):\n    def test_newest_first(self):\n        self.assertEqual(list(PostFactory._meta.model._meta.ordering), ["-pk"])\n' }], commands: [SUBTITLE], expect: 'clean' },
  { name: 'an API test added, then a field', edits: [{ path: TEST_API, after: '        self.assertEqual(self.url, "/api/v1/blog/posts/")', text: '\n    def test_options(self):\n        self.assertEqual(self.client.options(self.url).status_code, 200)\n' }], commands: [SUBTITLE], expect: 'clean' },

  // settings
  { name: 'an app of the user beside the generated one', edits: [{ path: APPS, after: '    "blog",', text: '    "legacy",\n' }], commands: [SHOP], expect: 'clean' },
  { name: 'an app added to LOCAL_APPS', edits: [{ path: APPS, after: '    "workflow",', text: '    "reports",\n' }], commands: [SHOP], expect: 'clean' },
  { name: 'a third-party app, then celery', edits: [{ path: APPS, after: '    "drf_spectacular",', text: '    "django_filters",\n' }], commands: [CELERY], expect: 'clean' },
  { name: 'a web URL of the user, then a new app', edits: [{ path: WEB_URLS, after: '    path("blog/", include("blog.urls")),', text: '    path("news/", include("blog.urls")),\n' }], commands: [SHOP], expect: 'clean' },
  { name: 'a setting of the user at the end of general.py', edits: [{ path: GENERAL, text: '\nAPPEND_SLASH = True\n' }], commands: [UPGRADE], expect: 'clean' },
  { name: 'DEBUG line changed next to the new setting', edits: [{ path: GENERAL, replace: 'DEBUG = False\n', text: 'DEBUG = False  # tiers turn it on\n' }], commands: [UPGRADE], expect: 'clean' },
  { name: 'the same setting the upgrade adds, another value', edits: [{ path: GENERAL, text: '\nDATA_UPLOAD_MAX_NUMBER_FIELDS = 5000\n' }], commands: [UPGRADE], expect: 'conflict', conflictIn: GENERAL },
  { name: 'a root URL of the user at the end of urlpatterns', edits: [{ path: ROOT_URLS, after: '    path("api/", include("config.api.routes")),', text: '    path("robots.txt", include("core.urls")),\n' }], commands: [UPGRADE], expect: 'clean' },
  { name: 'handler404 appended to the root urls', edits: [{ path: ROOT_URLS, text: '\nhandler404 = "core.views.healthz"\n' }], commands: [UPGRADE], expect: 'clean' },

  // requirements and .env.example
  { name: 'a requirement appended, then celery', edits: [{ path: REQUIREMENTS, text: 'requests==2.32.3\n' }], commands: [CELERY], expect: 'clean' },
  { name: 'a requirement appended, then an upgrade adding one', edits: [{ path: REQUIREMENTS, text: 'requests==2.32.3\n' }], commands: [UPGRADE], expect: 'clean' },
  { name: 'the requirement the upgrade adds, same pin', edits: [{ path: REQUIREMENTS, text: 'django-cors-headers==4.9.0\n' }], commands: [UPGRADE], expect: 'clean' },
  { name: 'the requirement the upgrade adds, other pin', edits: [{ path: REQUIREMENTS, text: 'django-cors-headers==4.0.0\n' }], commands: [UPGRADE], expect: 'conflict', conflictIn: REQUIREMENTS },
  { name: 'a variable appended to .env.example, then celery', edits: [{ path: ENV, text: '# Our payment provider\nPAYMENT_API_KEY=\n' }], commands: [CELERY], expect: 'clean' },
  { name: 'a variable appended to .env.example, then an upgrade', edits: [{ path: ENV, text: 'PAYMENT_API_KEY=\n' }], commands: [UPGRADE], expect: 'clean' },
  { name: 'a variable example changed next to the new one', edits: [{ path: ENV, replace: 'DJANGO_LOG_LEVEL=INFO\n', text: 'DJANGO_LOG_LEVEL=DEBUG\n' }], commands: [UPGRADE], expect: 'clean' },

  // compose, CI, kustomize
  { name: 'a compose service of the user, then celery', edits: [{ path: COMPOSE, after: '      start_period: 10s', text: '  minio:\n    image: minio/minio\n    command: server /data\n' }], commands: [CELERY], expect: 'clean' },
  { name: 'a compose variable beside the one celery adds', edits: [{ path: COMPOSE, after: '      REDIS_URL: redis://redis:6379/0', text: '      FEATURE_FLAGS: beta\n' }], commands: [CELERY], expect: 'clean' },
  { name: 'the compose redis URL changed, then celery', edits: [{ path: COMPOSE, replace: '      REDIS_URL: redis://redis:6379/0\n', text: '      REDIS_URL: redis://redis:6379/1\n' }], commands: [CELERY], expect: 'clean' },
  { name: 'a kustomize resource of the user, then celery', edits: [{ path: KUSTOMIZE, after: '  - api.yaml', text: '  - cronjob.yaml\n' }], commands: [CELERY], expect: 'clean' },
  { name: 'a CI variable beside the one celery adds', edits: [{ path: CI, after: '      REDIS_URL: redis://localhost:6379/0', text: '      PYTHONWARNINGS: error\n' }], commands: [CELERY], expect: 'clean' },
  { name: 'a CI step of the user where the upgrade adds one', edits: [{ path: CI, after: '        run: python -m pytest', text: '      - name: Check the docs\n        run: python -m mkdocs build --strict\n' }], commands: [UPGRADE], expect: 'clean' },
  { name: 'the pytest step changed next to the new step', edits: [{ path: CI, replace: '        run: python -m pytest\n', text: '        run: python -m pytest -x\n' }], commands: [UPGRADE], expect: 'clean' },
  { name: 'the mypy step changed by both', edits: [{ path: CI, replace: '        run: python -m mypy\n', text: '        run: python -m mypy --strict\n' }], commands: [UPGRADE], expect: 'conflict', conflictIn: CI },
  { name: 'CI edited, then the CI moves to GitLab', edits: [{ path: CI, after: '        run: python -m pytest', text: '      - name: Check the docs\n        run: python -m mkdocs build --strict\n' }], commands: [GITLAB], expect: 'clean' },

  // README, Makefile
  { name: 'a README section appended, then an upgrade appending a paragraph', edits: [{ path: 'README.md', text: '\n## Our team\n\nAda and Grace.\n' }], commands: [UPGRADE], expect: 'clean' },
  { name: 'a README section appended, then celery', edits: [{ path: 'README.md', text: '\n## Our team\n\nAda and Grace.\n' }], commands: [CELERY], expect: 'clean' },
  { name: 'a README section appended, then GitLab CI', edits: [{ path: 'README.md', text: '\n## Our team\n\nAda and Grace.\n' }], commands: [GITLAB], expect: 'clean' },
  { name: 'a Makefile target appended, then celery', edits: [{ path: 'Makefile', text: '\nshell: ## Django shell\n\tpython src/manage.py shell\n' }], commands: [CELERY], expect: 'clean' },

  // Line endings and many edits at once.
  { name: 'a CRLF line in an LF settings file, then an upgrade', edits: [{ path: GENERAL, text: '\r\nUSE_THOUSAND_SEPARATOR = True\r\n' }], commands: [UPGRADE], expect: 'clean' },
  { name: 'a CRLF line changed by both', edits: [{ path: CI, replace: '        run: python -m mypy\n', text: '        run: python -m mypy --strict\r\n' }], commands: [UPGRADE], expect: 'conflict', conflictIn: CI },
  { name: 'a CRLF field in models.py, then a field', edits: [{ path: MODELS, after: BODY, text: '    summary = models.TextField(blank=True)\r\n' }], commands: [SUBTITLE], expect: 'clean' },
  {
    name: 'models, admin, serializers and tests edited, then a model and a field',
    edits: [
      { path: MODELS, text: HELPER },
      { path: MODELS, after: STR, text: '\n    def word_count(self):\n        return len(self.body.split())\n' },
      { path: ADMIN, text: '\nadmin.site.site_header = "Acme administration"\n' },
      { path: SERIALIZERS, after: '        read_only_fields = ["id"]', text: '        extra_kwargs = {"body": {"required": False}}\n' },
      { path: TEST_MODELS, text: '\n    def test_body_is_kept(self):\n        post = PostFactory.create(body="x")\n\n        self.assertEqual(post.body, "x")\n' },
    ],
    commands: [COMMENT, SUBTITLE],
    expect: 'clean',
  },
];
