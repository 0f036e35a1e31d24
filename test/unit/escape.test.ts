import { execFileSync } from 'node:child_process';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import {
  emailDisplayName,
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
