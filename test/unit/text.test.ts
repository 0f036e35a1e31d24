/** How messages show what the user gave (lib/input/text.ts): escaped, on one line, and cut when huge. */
import { clipped, quoted, shown } from '../../lib/input/text.js';

test('a value is quoted escaped: control characters, line separators and bidi overrides as escapes', () => {
  expect(quoted('a\x1b[31m\nb\u2028c\u202ed\x00')).toBe('"a\\x1b[31m\\nb\\u2028c\\u202ed\\x00"');
  expect(shown('plain Zoë')).toBe('plain Zoë');
});

test('a value up to 120 characters is quoted whole; a longer one is cut and its length said', () => {
  expect(quoted('x'.repeat(120))).toBe(`"${'x'.repeat(120)}"`);
  expect(quoted('x'.repeat(100_000))).toBe(`"${'x'.repeat(120)}…" (100000 characters)`);
  // Characters, not UTF-16 units: an emoji is not split into a lone surrogate.
  expect(quoted('😀'.repeat(121))).toBe(`"${'😀'.repeat(120)}…" (121 characters)`);
  expect(quoted(`${'x'.repeat(119)}\x1b[2J`)).toBe(`"${'x'.repeat(119)}\\x1b…" (123 characters)`);
});

test('an unquoted word (an unknown option) is escaped and cut the same way', () => {
  expect(clipped('--bogus\x07')).toBe('--bogus\\x07');
  expect(clipped(`--${'y'.repeat(200)}`)).toBe(`--${'y'.repeat(118)}… (202 characters)`);
});
