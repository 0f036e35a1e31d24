/**
 * The guard on generated names (lib/model/generated-clashes.ts), module by module: what a
 * module defines twice, and which renders are refused. The commands' refusals, on projects
 * with every API style, are in test/model/generated-clashes.test.ts.
 */
import { definedTwice, importBindings, refuseGeneratedClashes } from '../../lib/model/generated-clashes.js';
import type { FileTree } from '../../lib/reconcile/types.js';

describe('what an import binds', () => {
  test.each([
    ['from ..models import Post', ['Post ..models.Post']],
    ['from ..models import Post, PostIn as Incoming', ['Post ..models.Post', 'Incoming ..models.PostIn']],
    ['from .schemas import (\n    PostIn,  # the input\n    PostOut,\n)', ['PostIn .schemas.PostIn', 'PostOut .schemas.PostOut']],
    ['# a comment above\nfrom x import y', ['y x.y']],
    ['import strawberry_django.permissions', ['strawberry_django strawberry_django']],
    ['import a.b as c, d', ['c a.b', 'd d']],
    ['from .base import *', []],
    ['from a import \\\n    b, c', ['b a.b', 'c a.c']],
    ['from  a   import  b  as  c ,d', ['c a.b', 'd a.d']],
    ['from __future__ import annotations', ['annotations __future__.annotations']],
    ['from importlib import import_module', ['import_module importlib.import_module']],
  ])('%j', (statement, bound) => {
    expect(importBindings(statement).map(({ name, to }) => `${name} ${to}`)).toEqual(bound);
  });
});

describe('what a module defines twice', () => {
  test('a class named like an imported model', async () => {
    expect(await definedTwice('from ..models import Post, PostIn\n\n\nclass PostIn:\n    pass\n')).toEqual(['PostIn']);
  });

  test('a method twice in a class body, named with its class', async () => {
    const schema = 'class Query:\n    def posts(self):\n        return 1\n\n    def post(self):\n        return 2\n\n    def posts(self):\n        return 3\n';
    expect(await definedTwice(schema)).toEqual(['Query.posts']);
  });

  test('a function twice at module level, and an import and a function of one name', async () => {
    expect(await definedTwice('from tools import current_values\n\n\ndef current_values():\n    pass\n')).toEqual(['current_values']);
    expect(await definedTwice('def a():\n    pass\n\n\nasync def a():\n    pass\n')).toEqual(['a']);
  });

  test('a property setter and typing overloads are meant, and so are assignments', async () => {
    const property = 'class A:\n    @property\n    def title(self):\n        return 1\n\n    @title.setter\n    def title(self, value):\n        pass\n';
    const overloads = 'from typing import overload\n\n\n@overload\ndef f(a: int) -> int: ...\n@overload\ndef f(a: str) -> str: ...\ndef f(a):\n    return a\n';
    expect(await definedTwice(property)).toEqual([]);
    expect(await definedTwice(overloads)).toEqual([]);
    expect(await definedTwice('urlpatterns = []\nurlpatterns = [1]\nurlpatterns += [2]\n')).toEqual([]);
  });

  test('comments above a statement: an import still binds, a setter is still meant', async () => {
    expect(await definedTwice('# the models\nfrom a import b\n# again\nfrom c import b\n')).toEqual(['b']);
    const commented = 'class A:\n    @property\n    def title(self):\n        return 1\n\n    # the setter\n    @title.setter\n    def title(self, value):\n        pass\n';
    expect(await definedTwice(commented)).toEqual([]);
  });

  test('a decorator named in a comment does not make a second definition meant', async () => {
    const commented = 'class A:\n    def title(self):\n        return 1\n\n    # not a @title.setter\n    def title(self):\n        return 2\n';
    expect(await definedTwice(commented)).toEqual(['A.title']);
  });

  test('a class defined twice: the class, and the members of each body apart', async () => {
    const twiceOver = 'class Q:\n    def a(self):\n        pass\n\n\nclass Q:\n    def b(self):\n        pass\n\n    def b(self):\n        pass\n';
    expect(await definedTwice(twiceOver)).toEqual(['Q', 'Q.b']);
  });

  test('one package bound by several imports, or one name imported twice, is no clash', async () => {
    expect(await definedTwice('import django.contrib.auth.models\nimport django.contrib.auth.validators\nfrom a import b\nfrom a import b\n')).toEqual([]);
    expect(await definedTwice('from a import b\nfrom c import b\n')).toEqual(['b']);
  });

  test('the same name in two classes is no clash', async () => {
    expect(await definedTwice('class A:\n    class Meta:\n        pass\n\n\nclass B:\n    class Meta:\n        pass\n')).toEqual([]);
  });

  test('a module that does not parse is left to the project', async () => {
    expect(await definedTwice('class A(:\n')).toEqual([]);
  });
});

describe('which renders are refused', () => {
  const clash = 'from ..models import Post, PostIn\n\n\nclass PostIn:\n    pass\n';
  const tree = (entries: Record<string, string>): FileTree => new Map(Object.entries(entries));

  test('a new clash in a module the render changes: one line naming the module and the name', async () => {
    await expect(refuseGeneratedClashes(tree({ 'src/apps/blog/ninja/schemas.py': clash }), tree({}))).rejects.toThrow(
      /^src\/apps\/blog\/ninja\/schemas\.py would define "PostIn" twice: a model is named like something generated for another model \(or imported there\); choose another model name$/,
    );
    await expect(refuseGeneratedClashes(tree({ 'a.py': clash }), null)).rejects.toThrow('a.py would define "PostIn" twice');
  });

  test('a clash the last render had already is left alone, changed module or not', async () => {
    await expect(refuseGeneratedClashes(tree({ 'a.py': clash }), tree({ 'a.py': clash }))).resolves.toBeUndefined();
    await expect(refuseGeneratedClashes(tree({ 'a.py': `${clash}\n\nX = 1\n` }), tree({ 'a.py': clash }))).resolves.toBeUndefined();
  });

  test('files other than Python modules are not read', async () => {
    const binary: FileTree = new Map([['b.py', Buffer.from(clash)]]);
    await expect(refuseGeneratedClashes(tree({ 'a.pyi.txt': clash, 'README.md': clash }), null)).resolves.toBeUndefined();
    await expect(refuseGeneratedClashes(binary, null)).resolves.toBeUndefined();
  });
});
