import { execFileSync } from 'node:child_process';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import {
  comment,
  emailDisplayName,
  escapeHelpers,
  k8sAnnotation,
  envValue,
  htmlText,
  jsonString,
  k8sLabelValue,
  mailbox,
  markdownCode,
  markdownText,
  oneLine,
  pyString,
  pyStringBody,
  shellWord,
  tomlString,
  yamlString,
} from '../../lib/render/escape.js';
import { hostileTexts } from '../support/hostile.js';
import { loadYaml11, readEnvFile, readersPython } from '../support/readers.js';
import { makeTempDir } from '../support/tempdir.js';

const python = '/usr/bin/python3';

/** Runs one Python program that prints a JSON list of what each literal evaluates to. */
function evalPython(program: string): unknown {
  return JSON.parse(execFileSync(python, ['-c', program], { encoding: 'utf8' }));
}

describe('escaping helpers read back as the text, per destination', () => {
  test('Python string literals and docstrings', () => {
    const literals = hostileTexts.map((text) => pyString(text)).join(', ');
    const docstrings = hostileTexts.map((text) => `"""${pyStringBody(text)} """`).join(', ');
    expect(evalPython(`import json\nprint(json.dumps([${literals}]))`)).toEqual(hostileTexts);
    expect(evalPython(`import json\nprint(json.dumps([s[:-1] for s in [${docstrings}]]))`)).toEqual(hostileTexts);
  });

  test('YAML, TOML and JSON', () => {
    for (const text of hostileTexts) {
      expect(parseYaml(`key: ${yamlString(text)}\n`)).toEqual({ key: text });
      expect(parseToml(`key = ${tomlString(text)}\n`)).toEqual({ key: text });
      expect(JSON.parse(jsonString(text))).toBe(text);
      expect(jsonString(text)).not.toMatch(/[\u2028\u2029]/);
    }
  });

  test('YAML read by a YAML 1.1 loader (PyYAML): the text, never a bool, a number or a break', async () => {
    const python = await readersPython();
    const texts = [...hostileTexts, 'yes', 'no', 'on', 'off', '0o17', '1_000', '12:30', '~', 'a\x85b'];
    expect(loadYaml11(python, texts.map((text) => `key: ${yamlString(text)}\n`))).toEqual(texts.map((text) => ({ key: text })));
  });

  test('a shell word is never expanded', () => {
    const words = hostileTexts.map(shellWord).join(' ');
    const out = execFileSync('/bin/sh', ['-c', `for w in ${words}; do printf '%s\\0' "$w"; done`], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(hostileTexts);
  });

  test('HTML and Django templates: no markup, no template syntax, the text once decoded', () => {
    for (const text of hostileTexts) {
      const html = htmlText(text);
      expect(html).not.toMatch(/[<>"'{}%\u2028\u2029]/);
      const decoded = html.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
      expect(decoded).toBe(text);
    }
  });

  test('Markdown: one line, every syntax character escaped', () => {
    for (const text of hostileTexts) {
      const md = markdownText(text);
      expect(md).not.toMatch(/[\n\u2028\u2029]/);
      expect(md).not.toMatch(/(^|[^\\])[*_`<>[\]|#]/);
    }
    expect(markdownText('- item')).toBe('\\- item');
    expect(markdownText('+ item')).toBe('\\+ item');
    expect(markdownText('= heading')).toBe('\\= heading');
    expect(markdownText('a + b = c - d')).toBe('a + b = c - d');
    expect(markdownText('2) second')).toBe('2\\) second');
    expect(markdownText('1. first')).toBe('1\\. first');
    expect(markdownCode('a `b` c')).toBe('``a `b` c``');
    expect(markdownCode('`x')).toBe('`` `x ``');
  });

  test('comments stay one line', () => {
    for (const text of hostileTexts) expect(oneLine(text).split(/[\n\r\u2028\u2029\x85]/)).toHaveLength(1);
  });

  test('email display names parse back with Python email (RFC 5322)', () => {
    const boxes = hostileTexts.map((text) => jsonString(mailbox(text, 'noreply@example.com'))).join(', ');
    const parsed = evalPython(
      `import json\nfrom email.headerregistry import Address\nfrom email._header_value_parser import get_mailbox\n` +
        `out = []\nfor box in [${boxes}]:\n    token, rest = get_mailbox(box)\n    assert rest == '', rest\n    out.append([token.display_name, token.addr_spec])\n` +
        `print(json.dumps(out))`,
    ) as [string, string][];
    // A line separator has no place in a header: it becomes a space.
    expect(parsed.map(([name]) => name)).toEqual(hostileTexts.map((text) => text.replace(/[\u2028\u2029]/g, ' ')));
    expect(parsed.every(([, address]) => address === 'noreply@example.com')).toBe(true);
    expect(emailDisplayName('Acme Shop')).toBe('Acme Shop');
    expect(emailDisplayName('Acme, Inc.')).toBe('"Acme, Inc."');
  });

  test('.env values read back with django-environ itself, line separators refused', async () => {
    const python = await readersPython();
    const texts = [...hostileTexts.filter((t) => !/[\u2028\u2029\x85]/.test(t)), 'pa$word', '$HOME', 'a${B}c', "it's $5", 'back\\slash'];
    expect(readEnvFile(python, makeTempDir('env-read'), texts.map(envValue))).toEqual(texts);
    expect(() => envValue('a\u2028b')).toThrow(/line break/);
    expect(envValue(mailbox('a\u2028b', 'x@y.z'))).not.toMatch(/[\u2028]/);
  });

  test('.env values by docker compose’s interpolation rules: a `$` is never read as a variable', () => {
    // Compose interpolates unquoted and double-quoted values ($NAME, ${NAME}); single-quoted
    // ones are literal, and in double quotes a backslash escapes the `$`.
    for (const text of [...hostileTexts.filter((t) => !/[\u2028\u2029\x85]/.test(t)), 'pa$word', 'a$', "it's $5"]) {
      const value = envValue(text);
      if (value.startsWith("'")) expect(value.slice(1, -1)).not.toContain("'");
      else expect(value).not.toMatch(/(^|[^\\])\$/);
    }
    expect(envValue('pa$word')).toBe("'pa$word'");
    expect(envValue("it's $5")).toBe('"it\'s \\$5"');
    expect(envValue('plain-value_1.2')).toBe('plain-value_1.2');
  });

  test('Kubernetes label values stay within their rules', () => {
    for (const text of [...hostileTexts, '-x-', '', 'a'.repeat(100)]) {
      const value = k8sLabelValue(text);
      expect(value).toMatch(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/);
      expect(value.length).toBeLessThanOrEqual(63);
    }
  });
});

// Mutation testing (npm run mutate -- escape): each helper's exact output on the characters
// the read-backs above do not reach (controls, U+0085, leading spaces, long runs).
describe('escaping helpers, exact output', () => {
  test('each helper on its edge cases', () => {
    expect(oneLine("a\nb\rc\u000bd\fe\u001cf\u001dg\u001ehi j k\u0000lm\tn\ud800o\u001fp")).toBe("a\\nb\\rc\\x0bd\\x0ce\\x1cf\\x1dg\\x1eh\\x85i\\u2028j\\u2029k\\x00l\\x7fm\\tn\\ud800o\\x1fp");
    expect(pyString("a\"b\\c\nd")).toBe("\"a\\\"b\\\\c\\nd\"");
    expect(pyStringBody("\"\\ ")).toBe("\\\"\\\\\\u2028");
    expect(jsonString("a b \"")).toBe("\"a\\u2028b\\u2029\\\"\"");
    expect(yamlString("ab ")).toBe("\"a\\Nb\\u2028\"");
    expect(tomlString("a\u0001 \"\\\n")).toBe("\"a\\u0001\\u2028\\\"\\\\\\u007f\\u000a\"");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(htmlText("<a href=\"x\">{% y %}#&' \u0001\n")).toBe("&#60;a href=&#34;x&#34;&#62;&#123;&#37; y &#37;&#125;&#35;&#38;&#39;&#8232;&#1;&#10;");
    expect(markdownText("12. twelve")).toBe("12\\. twelve");
    expect(markdownText("3) x")).toBe("3\\) x");
    expect(markdownText("-")).toBe("\\-");
    expect(markdownText("= x")).toBe("\\= x");
    expect(markdownText("+")).toBe("\\+");
    expect(markdownText("a - b")).toBe("a - b");
    expect(markdownText("*a* _b_ `c` [d] <e> #f |g ~h &i !j {k} $l \\m")).toBe("\\*a\\* \\_b\\_ \\`c\\` \\[d\\] \\<e\\> \\#f \\|g \\~h \\&i \\!j \\{k\\} \\$l \\\\m");
    expect(markdownText("1.5 kg")).toBe("1\\.5 kg");
    expect(markdownText("x\ny")).toBe("x\\\\ny");
    expect(markdownText("x 1. y")).toBe("x 1. y");
    expect(markdownCode("x`")).toBe("`` x` ``");
    expect(markdownCode("a ``b`` c")).toBe("```a ``b`` c```");
    expect(markdownCode("plain")).toBe("`plain`");
    expect(markdownCode("a\nb")).toBe("`a\\nb`");
    expect(markdownCode("`")).toBe("`` ` ``");
    expect(emailDisplayName(" Acme")).toBe("\" Acme\"");
    expect(emailDisplayName("Acme  Shop")).toBe("\"Acme  Shop\"");
    expect(emailDisplayName("Acme ")).toBe("\"Acme \"");
    expect(emailDisplayName("a\"b\\c")).toBe("\"a\\\"b\\\\c\"");
    expect(emailDisplayName("a b")).toBe("a b");
    expect(emailDisplayName("O'Neil & Co")).toBe("O'Neil & Co");
    expect(emailDisplayName("Acme, Inc.")).toBe("\"Acme, Inc.\"");
    expect(emailDisplayName("")).toBe("\"\"");
    expect(mailbox('Acme', 'x@y.z')).toBe("Acme <x@y.z>");
    expect(envValue("a b")).toBe("'a b'");
    expect(envValue("a#b")).toBe("'a#b'");
    expect(envValue("a\"b")).toBe("'a\"b'");
    expect(envValue("a\\b")).toBe("'a\\b'");
    expect(envValue("a`b")).toBe("'a`b'");
    expect(envValue("a'b")).toBe("\"a'b\"");
    expect(envValue("a'b\"c\\d$e`f")).toBe("\"a'b\\\"c\\\\d\\$e\\`f\"");
    expect(envValue("")).toBe("");
    expect(envValue("plain")).toBe("plain");
    expect(envValue("a$b")).toBe("'a$b'");
    expect(envValue("a")).toBe("a");
    expect(k8sLabelValue("Café Shop!")).toBe("Cafe-Shop");
    expect(k8sLabelValue("--a--")).toBe("a");
    expect(k8sLabelValue("a.b_c-d")).toBe("a.b_c-d");
    expect(k8sLabelValue("a  b")).toBe("a-b");
    expect(k8sLabelValue("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-b")).toBe("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    expect(k8sLabelValue(".a.")).toBe("a");

  });

  test('a .env value with a control character is refused like a line break', () => {
    for (const text of ['a\tb', 'a\x00', 'a\x7f', 'a\rb', 'a\x85', 'a\u2029']) expect(() => envValue(text)).toThrow(`a .env value cannot hold a line break or control character: ${JSON.stringify(text)}`);
  });

  test('a label value is at most 63 characters, cut before its edges are trimmed', () => {
    expect(k8sLabelValue('x'.repeat(70))).toBe('x'.repeat(63));
    expect(k8sLabelValue(`${'a'.repeat(62)}.b`)).toBe('a'.repeat(62));
  });

  test('templates reach every helper by name, comments and annotations by their aliases', () => {
    expect(Object.keys(escapeHelpers).sort()).toEqual(
      ['comment', 'emailDisplayName', 'envValue', 'htmlText', 'jsonString', 'k8sAnnotation', 'k8sLabelValue', 'mailbox', 'markdownCode', 'markdownText', 'oneLine', 'pyString', 'pyStringBody', 'shellWord', 'tomlString', 'yamlString'],
    );
    expect(escapeHelpers).toMatchObject({ oneLine, comment: oneLine, pyString, pyStringBody, jsonString, yamlString, tomlString, shellWord, htmlText, markdownText, markdownCode, emailDisplayName, mailbox, envValue, k8sAnnotation: yamlString, k8sLabelValue });
    expect(comment).toBe(oneLine);
    expect(k8sAnnotation).toBe(yamlString);
  });
});
