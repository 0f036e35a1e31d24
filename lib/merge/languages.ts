/**
 * What a merge knows about a file from its path: its language (for the parse check of a
 * merged file; a hash-locked requirements file, `requirements/locked/*.txt`, "parses" when
 * it names no distribution twice, so two versions of one package inserted side by side, the
 * team's lock and the template's, are a conflict and never a clean merge) and whether it is a list of one item a line that users extend (requirements,
 * `.env.example`, ignore files), as data.
 */
import { parse as parseToml } from 'smol-toml';
import { parseAllDocuments } from 'yaml';
import { parsesAsPython } from './python-parse.js';

export type Language = 'python' | 'yaml' | 'toml' | 'json' | 'locked' | 'text';

const EXTENSIONS: Record<string, Language> = {
  '.py': 'python',
  '.pyi': 'python',
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.toml': 'toml',
  '.json': 'json',
};

/** Files of one item a line: requirements, environment examples, ignore lists. */
const ITEM_FILES: Array<(path: string) => boolean> = [
  (path) => /(^|\/)requirements(\/[^/]+)?\.(txt|in)$/.test(path) || /(^|\/)requirements\/[^/]+\.(txt|in)$/.test(path),
  (path) => /(^|\/)constraints\.txt$/.test(path),
  (path) => /(^|\/)\.env\.[a-z]+$/.test(path) || path.endsWith('.env.example'),
  (path) => /(^|\/)\.(git|docker|prettier)ignore$/.test(path),
];

export function languageOf(path: string): Language {
  if (/(^|\/)requirements\/locked\/[^/]+\.txt$/.test(path)) return 'locked';
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? EXTENSIONS[name.slice(dot)] : undefined) ?? 'text';
}

export function isItemList(path: string): boolean {
  return ITEM_FILES.some((test) => test(path));
}

/** True when the text parses in the language (text always does). */
export async function parses(language: Language, text: string): Promise<boolean> {
  switch (language) {
    case 'python':
      return parsesAsPython(text);
    case 'yaml':
      return parseAllDocuments(text).every((document) => 'errors' in document && document.errors.length === 0);
    case 'toml':
      try {
        parseToml(text);
        return true;
      } catch {
        return false;
      }
    case 'json':
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    case 'locked':
      return namesEachOnce(text);
    default:
      return true;
  }
}

/** A locked file's entries (`name==version …` at the start of a line) name each distribution once. */
function namesEachOnce(text: string): boolean {
  const names = new Set<string>();
  for (const match of text.matchAll(/^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==/gm)) {
    const name = match[1]!.toLowerCase().replace(/[-_.]+/g, '-');
    if (names.has(name)) return false;
    names.add(name);
  }
  return true;
}
