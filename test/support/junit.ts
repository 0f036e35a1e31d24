/**
 * A pytest JUnit report (`--junitxml`) read back as pytest names its test cases, so that one
 * run of a project's suite can serve several assertions on its cases.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const xmlText = (text: string): string =>
  text.replace(/&(quot|apos|lt|gt|amp);/g, (_, name: string) => ({ quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' })[name]!);

/**
 * Each test case of a pytest JUnit report of the project in `dir`, as pytest names it
 * (`src/apps/core/tests/test_x.py::Class::test`), with its outcome: failed, error or skipped
 * when the case holds that element, passed otherwise.
 */
export function junitOutcomes(xml: string, dir: string): Map<string, string> {
  const outcomes = new Map<string, string>();
  for (const match of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const attribute = (name: string) => xmlText(new RegExp(`\\b${name}="([^"]*)"`).exec(match[1]!)?.[1] ?? '');
    // classname is the module's dotted path, then the class when there is one: the module is
    // the longest prefix that is a file (a package tests/ wins over a tests.py beside it).
    const parts = attribute('classname').split('.');
    const moduleParts =
      [...parts.keys()].map((i) => parts.length - i).find((n) => existsSync(join(dir, `${parts.slice(0, n).join('/')}.py`))) ?? parts.length;
    const id = [`${parts.slice(0, moduleParts).join('/')}.py`, ...parts.slice(moduleParts), attribute('name')].join('::');
    const body = match[3] ?? '';
    // A case reported twice (a teardown error after its call) keeps the worse outcome.
    if ((outcomes.get(id) ?? 'passed') !== 'passed') continue;
    outcomes.set(id, /<failure\b/.test(body) ? 'failed' : /<error\b/.test(body) ? 'error' : /<skipped\b/.test(body) ? 'skipped' : 'passed');
  }
  return outcomes;
}
