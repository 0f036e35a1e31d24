/**
 * Merged projects on their real stack: one blog project (the project's pinned venv and the
 * machine's PostgreSQL) with several of the corpus's edits at once (a field, a method and a
 * helper in models.py, the admin's site header and a list filter, a serializer method and
 * class, a viewset queryset, a route, a test of the user's), then `model` adding a model,
 * an optional field, and the pages. After each command: exit 0, no markers, the user's text
 * byte for byte, and makemigrations (its system checks first, then --check), migrate and
 * the app's tests, the user's own test included, pass. The commands run through the bin's
 * main in this process (generate-in-process.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { generateInProcess } from '../support/generate-in-process.js';
import { createPostgresDatabase, type TestDatabase } from '../support/machine-services.js';
import { installProject } from '../support/stack.js';
import { removeTempDir } from '../support/tempdir.js';
import { commitAll, expectSuccess, git, migrateAndTest } from '../model/blog-project.js';
import { Project } from '../upgrade/harness.js';
import { applyEdit, filesWithMarkers, type Edit } from './corpus-project.js';

let dir: string;
let database: TestDatabase;

const MODELS = 'src/apps/blog/models.py';
const BODY = '    body = models.TextField(_("body"))';

const edits: Edit[] = [
  { path: MODELS, after: BODY, text: '    summary = models.TextField(_("summary"), blank=True)\n' },
  { path: MODELS, after: '        return self.title', text: '\n    def word_count(self):\n        return len(self.body.split())\n' },
  { path: MODELS, text: '\n\ndef published_titles():\n    return list(Post.objects.values_list("title", flat=True))\n' },
  { path: 'src/apps/blog/admin.py', after: '    search_fields = ["title"]', text: '    list_filter = ["created"]\n' },
  { path: 'src/apps/blog/admin.py', text: '\nadmin.site.site_header = "Acme administration"\n' },
  { path: 'src/apps/blog/drf/serializers.py', after: '        read_only_fields = ["id"]', text: '\n    def validate_title(self, value):\n        return value.strip()\n' },
  { path: 'src/apps/blog/drf/serializers.py', text: '\n\nclass TitleSerializer(serializers.Serializer):\n    title = serializers.CharField()\n' },
  { path: 'src/apps/blog/drf/viewsets.py', after: '    serializer_class = PostSerializer', text: '\n    def get_queryset(self):\n        return Post.objects.order_by("title")\n' },
  { path: 'src/apps/blog/drf/urls.py', after: 'router.register("posts", PostViewSet, basename="post")', text: 'router.register("articles", PostViewSet, basename="article")\n' },
  {
    path: 'src/apps/blog/tests/test_models.py',
    text: '\n    def test_the_user_helpers(self):\n        post = PostFactory.create(title="Mine", body="one two three")\n\n        self.assertEqual(post.word_count(), 3)\n        self.assertIn("Mine", published_titles())\n',
  },
  { path: 'src/apps/blog/tests/test_models.py', after: 'from blog.factories import PostFactory', text: 'from blog.models import published_titles\n' },
];

beforeAll(async () => {
  const generated = await generateInProcess(['--defaults', '--project-name', 'Acme Merge', '--api', 'drf']);
  dir = generated.dir;
  expectSuccess('generate', generated);
  git(dir, 'init', '-q');
  commitAll(dir, 'generated');
  expectSuccess('startapp', await generateInProcess(['startapp', 'blog', '--model', 'Post', 'title:str', 'body:text'], { cwd: dir }));
  commitAll(dir, 'blog');
  [, database] = await Promise.all([installProject(dir), createPostgresDatabase('acme_merge')]);
}, 900_000);

afterAll(async () => {
  await database?.drop();
  if (dir) removeTempDir(dir);
});

function expectUserText(): void {
  for (const edit of edits) {
    const has = readFileSync(join(dir, edit.path)).includes(Buffer.from(edit.text));
    expect({ path: edit.path, text: edit.text, has }).toEqual({ path: edit.path, text: edit.text, has: true });
  }
}

test('the user edits, committed and migrated, pass on the stack', async () => {
  const project = new Project(dir);
  for (const edit of edits) applyEdit(project, edit);
  const tests = (await migrateAndTest(dir, database)).tests;
  expect(tests).toMatch(/PASSED \S*test_the_user_helpers/);
}, 600_000);

test.each([
  ['model', 'blog', 'Comment', 'body:text'],
  ['model', 'blog', 'Post', 'subtitle:str?'],
  ['model', 'blog', 'Post', '--pages'],
])('djangoflow %s %s %s %s merges without a conflict and the project still passes', async (...args) => {
  const result = await generateInProcess(args, { cwd: dir });
  expectSuccess(`djangoflow ${args.join(' ')}`, result);
  expect(result.stdout).toMatch(/^merge +src\/apps\/blog\/models\.py: /m);
  expect(filesWithMarkers(new Project(dir))).toEqual([]);
  expectUserText();
  commitAll(dir, args.join(' '));
  // `check` is the first thing makemigrations does (Django runs every system check before
  // a command that requires them, failing on errors as `manage.py check` does).
  const { tests } = await migrateAndTest(dir, database);
  expect(tests).toMatch(/PASSED \S*test_the_user_helpers/);
}, 900_000);
