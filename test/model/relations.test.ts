/** Reverse accessors across the project (lib/model-relations.ts): never two alike on one model. */
import { checkRelatedNames, fieldsPointingAt } from '../../lib/model-relations.js';
import type { AppSpec, ProjectState } from '../../lib/state.js';

const state = (apps: AppSpec[]): ProjectState => ({ version: '0.1.0', answers: {} as ProjectState['answers'], apps, plugins: [] });

test('relations of different apps and models get different reverse names', () => {
  const apps: AppSpec[] = [
    { name: 'blog', models: [{ name: 'Post', fields: [{ name: 'author', type: 'fk', target: 'users.User' }, { name: 'editor', type: 'fk', target: 'users.User' }] }] },
    { name: 'shop', models: [{ name: 'Post', fields: [{ name: 'buyer', type: 'o2o', target: 'users.User' }] }] },
  ];
  expect(() => checkRelatedNames(state(apps))).not.toThrow();
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
  expect(() => checkRelatedNames(state(apps))).toThrow(
    'blog.Items.owner and blog.Item.owner both give users.User the reverse accessor "blog_items"; rename one field',
  );
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
  expect(() => checkRelatedNames(state(apps))).toThrow(/reverse accessor "blog_comments" clashes with the field blog\.Post\.blog_comments/);
});

test('the fields pointing at a model, its own self-references left out', () => {
  const apps: AppSpec[] = [
    { name: 'blog', models: [{ name: 'Tag', fields: [{ name: 'parent', type: 'fk', target: 'blog.Tag' }] }, { name: 'Post', fields: [{ name: 'tags', type: 'm2m', target: 'blog.Tag' }] }] },
  ];
  expect(fieldsPointingAt(state(apps), 'blog.Tag')).toEqual(['blog.Post.tags']);
});
