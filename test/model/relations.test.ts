/**
 * Reverse accessors across the project (lib/model/reverse-names.ts, the one rule of startapp, model and
 * the record check): never two alike on one model, never one named like a field of it.
 */
import { fieldsPointingAt } from '../../lib/model/relations.js';
import { reverseNameClashes } from '../../lib/model/reverse-names.js';
import type { AppSpec, ProjectState } from '../../lib/record/state.js';

const state = (apps: AppSpec[]): ProjectState => ({ version: '0.1.0', answers: {} as ProjectState['answers'], apps, plugins: [] });

test('relations of different apps and models get different reverse names', () => {
  const apps: AppSpec[] = [
    { name: 'blog', models: [{ name: 'Post', fields: [{ name: 'author', type: 'fk', target: 'users.User' }, { name: 'editor', type: 'fk', target: 'users.User' }] }] },
    { name: 'shop', models: [{ name: 'Post', fields: [{ name: 'buyer', type: 'o2o', target: 'users.User' }] }] },
  ];
  expect(reverseNameClashes(state(apps).apps)).toEqual([]);
});

test('a one-to-one read in the singular that meets a plural of another model is refused, naming both', () => {
  const apps: AppSpec[] = [
    {
      name: 'blog',
      models: [
        { name: 'Item', fields: [{ name: 'owner', type: 'fk', target: 'users.User' }] },
        { name: 'Items', fields: [{ name: 'owner', type: 'o2o', target: 'users.User' }] },
      ],
    },
  ];
  expect(reverseNameClashes(state(apps).apps)).toEqual([
    {
      key: 'apps[0].models[1].fields[0]',
      problem: 'reverse name "blog_items" on users.User: blog.Items.owner clashes with blog.Item.owner; rename a model or an app',
    },
  ]);
});

test('a reverse name that is a field of the target is refused', () => {
  const apps: AppSpec[] = [
    {
      name: 'blog',
      models: [
        { name: 'Post', fields: [{ name: 'blog_comments', type: 'str' }] },
        { name: 'Comment', fields: [{ name: 'post', type: 'fk', target: 'blog.Post' }] },
      ],
    },
  ];
  expect(reverseNameClashes(state(apps).apps)).toEqual([
    {
      key: 'apps[0].models[1].fields[0]',
      problem: 'reverse name "blog_comments" on blog.Post: blog.Comment.post clashes with the field blog.Post.blog_comments; rename that field, a model or an app',
    },
  ]);
});

test("a reverse name that is a field of the starter user model is refused (Django's AbstractUser fields)", () => {
  const apps: AppSpec[] = [{ name: 'user', models: [{ name: 'Permission', fields: [{ name: 'owner', type: 'fk', target: 'users.User' }] }] }];
  expect(reverseNameClashes(apps).map((clash) => clash.problem)).toEqual([
    'reverse name "user_permissions" on users.User: user.Permission.owner clashes with the field users.User.user_permissions; rename that field, a model or an app',
  ]);
});

test('a symmetrical self many-to-many has no reverse name to clash', () => {
  const apps: AppSpec[] = [{ name: 'blog', models: [{ name: 'Tag', fields: [{ name: 'blog_tags', type: 'm2m', target: 'blog.Tag' }] }] }];
  expect(reverseNameClashes(apps)).toEqual([]);
});

test('the fields pointing at a model, its own self-references left out', () => {
  const apps: AppSpec[] = [
    { name: 'blog', models: [{ name: 'Tag', fields: [{ name: 'parent', type: 'fk', target: 'blog.Tag' }] }, { name: 'Post', fields: [{ name: 'tags', type: 'm2m', target: 'blog.Tag' }] }] },
  ];
  expect(fieldsPointingAt(state(apps), 'blog.Tag')).toEqual(['blog.Post.tags']);
});
