/**
 * Names the generated code cannot carry, refused by every command with one line and nothing
 * written:
 * - a model named like something generated for another model (lib/model/generated-clashes.ts):
 *   with Ninja and GraphQL on, `PostIn` beside `Post` (its Ninja input schema), `Posts` beside
 *   `Post` (GraphQL's `posts` and `post` fields), `CurrentValue` (its helper would replace the
 *   imported `current_values`) rendered modules that import wrong or serve a wrong schema;
 * - a field name the generated code cannot carry (lib/model/reserved-fields.ts): `self` (Django's
 *   objects.create() argument), `created` and `modified` (core.TimeStampedModel's), and in a
 *   Ninja project pydantic's BaseModel attributes: `model_config` broke the schemas' import.
 * The module-by-module and field-by-field rules are in test/unit/generated-clashes.test.ts and
 * test/unit/reserved-fields.test.ts.
 */
import { removeTempDir } from '../support/tempdir.js';
import { commitAll, djangoflow, expectRefused, generatedProject } from '../plugins/helpers.js';

const choose = 'a model is named like something generated for another model (or imported there); choose another model name';

let apis = '';
let drf = '';
beforeAll(async () => {
  apis = await generatedProject(['--defaults', '--project-name', 'Clashes', '--api', 'drf,ninja,graphql']);
  expect((await djangoflow(apis, ['startapp', 'blog', '--model', 'Post', 'title:str'])).code).toBe(0);
  commitAll(apis, 'blog');
  drf = await generatedProject(['--defaults', '--project-name', 'Clashes']);
  expect((await djangoflow(drf, ['startapp', 'blog', '--model', 'Post', 'title:str'])).code).toBe(0);
  commitAll(drf, 'blog');
});
afterAll(() => [apis, drf].forEach((dir) => removeTempDir(dir)));

test.each([
  [['model', 'blog', 'PostIn', 'a:str'], 'src/apps/blog/ninja/routers.py would define "PostIn" twice'],
  [['model', 'blog', 'Posts', 'a:str'], 'src/apps/blog/graphql/schema.py would define "Query.posts" twice'],
  [['model', 'blog', 'CurrentValue', 'a:str'], 'src/apps/blog/graphql/schema.py would define "current_values" twice'],
  [['model', 'blog', 'Query', 'a:str'], 'src/apps/blog/graphql/schema.py would define "Query" twice'],
  [['startapp', 'shop', '--model', 'Item', 'name:str', '--model', 'ItemType', 'name:str'], 'src/apps/shop/graphql/schema.py would define "ItemType" twice'],
])('with every API style: %j is refused, nothing written', async (args, message) => {
  await expectRefused(apis, args, `${message}: ${choose}`);
});

test('with Ninja on: a field named like a pydantic attribute is refused, nothing written', async () => {
  const reserved = (field: string) => `blog.Gadget.${field}: plugin ninja reserves the field name "${field}" (Django Ninja's schemas are pydantic models, which have an attribute of that name); choose another name`;
  await expectRefused(apis, ['model', 'blog', 'Gadget', 'model_config:json'], reserved('model_config'));
  await expectRefused(apis, ['model', 'blog', 'Gadget', 'name:str', 'json:json', 'copy:int'], `${reserved('json')} (and 1 more)`);
});

test('with GraphQL on: two fields the API would name alike are refused, nothing written', async () => {
  await expectRefused(apis, ['model', 'blog', 'Gadget', 'a_1:str', 'a1:str'], 'blog.Gadget.a1: plugin graphql names the fields a_1 and a1 alike (a1); choose another name');
});

test("in every project: a field named like a relation's column is refused, nothing written", async () => {
  await expectRefused(drf, ['model', 'blog', 'Post', 'author:fk=users.User', 'author_id:int'], 'blog.Post.author_id: Django names the column of the relation author author_id already (models.E006); choose another name');
});

test('in every project: self, created and modified are refused, nothing written', async () => {
  await expectRefused(drf, ['model', 'blog', 'Post', 'self:str'], 'blog.Post.self: the project reserves the field name "self" (Django\'s Model() and objects.create() take self as their own argument); choose another name');
  await expectRefused(drf, ['startapp', 'shop', '--model', 'Item', 'created:datetime'], 'shop.Item.created: the project reserves the field name "created" (core.TimeStampedModel gives every model its created and modified fields); choose another name');
});

test('a name free in the project is taken; adding the API style that would clash is refused', async () => {
  const taken = await djangoflow(drf, ['model', 'blog', 'Posts', 'a:str']);
  expect(taken.code).toBe(0);
  commitAll(drf, 'posts');
  await expectRefused(drf, ['--api', 'drf,graphql'], `src/apps/blog/graphql/schema.py would define "Query.posts" twice: ${choose}`);
  // Without the model in the way, the same answer goes through.
  expect((await djangoflow(drf, ['model', 'blog', 'Posts', '--remove'])).code).toBe(0);
  commitAll(drf, 'no posts');
  expect((await djangoflow(drf, ['--api', 'drf,graphql'])).code).toBe(0);
  commitAll(drf, 'graphql');
  // A field pydantic reserves: fine with DRF and GraphQL, refused when Ninja comes.
  expect((await djangoflow(drf, ['model', 'blog', 'Post', 'schema:str'])).code).toBe(0);
  commitAll(drf, 'schema');
  const schema = 'blog.Post.schema: plugin ninja reserves the field name "schema" (Django Ninja\'s schemas are pydantic models, which have an attribute of that name); choose another name';
  await expectRefused(drf, ['--api', 'drf,graphql,ninja'], schema);
});
