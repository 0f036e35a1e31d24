/**
 * The hostile-text corpus of issue 15: texts a user may type that break naive rendering
 * (quotes, backslashes, shell and template syntax, markup, email specials, scripts and
 * emoji, Unicode line separators, the longest allowed). Every one is a valid answer.
 */
export const hostileTexts: readonly string[] = [
  `The "best" shop`,
  `Ann "Dev" O'Neil`,
  'back\\slash \\n \\u2028 \\',
  'Costs $5 $(id) ${HOME} `whoami`',
  'Django <3 Flutter <script>alert(1)</script> &amp;',
  '{{ request.META }} {% debug %} {# c #} {{',
  'Acme, Inc.: sales@acme <noreply>; (x)',
  'שלום عربي 🎉 👩‍💻 café',
  'line\u2028separator\u2029paragraph',
  '# not a heading | cell | *em* _u_ [link](x) ~~s~~ !',
  "'''\"\"\" end",
  `${'Long name with words '.repeat(4).trim()}`.slice(0, 80),
];
