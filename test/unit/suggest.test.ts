/** "Did you mean": the one helper every refusal of a mistyped word asks (lib/input/suggest.ts). */
import { didYouMean, editDistance, nearest } from '../../lib/input/suggest.js';

test('edit distance counts a swap of neighbours as one edit', () => {
  expect(editDistance('celry', 'celery')).toBe(1);
  expect(editDistance('databse', 'database')).toBe(1);
  expect(editDistance('form', 'from')).toBe(1);
  expect(editDistance('', 'abc')).toBe(3);
  expect(editDistance('Str', 'str')).toBe(0);
});

test.each([
  ['celry', ['celery', 'channels', 'cors'], 'celery'],
  ['startap', ['', 'upgrade', 'plugin', 'startapp', 'model'], 'startapp'],
  ['databse', ['database', 'deploy', 'api'], 'database'],
  ['postgres', ['postgresql', 'mysql', 'sqlite'], 'postgresql'],
  ['string', ['str', 'text', 'int', 'slug'], 'str'],
  ['jenkins-of-doom', ['github', 'gitlab', 'none'], undefined],
  ['x', ['y', 'z'], undefined],
  ['3.10', ['3.12', '3.13', '3.14'], undefined],
  ['oracle', ['postgresql', 'mysql', 'sqlite'], undefined],
  ['graphql', ['drf', 'none'], undefined],
])('nearest(%j) is %j', (word, candidates, expected) => {
  expect(nearest(word, candidates)).toBe(expected);
});

test('didYouMean words the hint, or says nothing', () => {
  expect(didYouMean('celry', ['celery'])).toBe(' (did you mean "celery"?)');
  expect(didYouMean('modle', ['model'], (n) => `--${n}`)).toBe(' (did you mean --model?)');
  expect(didYouMean('zzzzzz', ['celery'])).toBe('');
});
