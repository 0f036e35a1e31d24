/**
 * The generated project states its Python version one way, from one place (the answer
 * `pythonVersion`): over the whole generation matrix, with each Python version the
 * question offers, every version a file states is the answer, and the places that must
 * state it (README, pyproject.toml, the image, CI, the deployment docs) do, exactly.
 */
import { isBinary, listFiles, readBytes } from './support/files.js';
import { generateInProcess } from './support/generate-in-process.js';
import { cliArgs, defaultAnswers, matrixVariants, type Variant } from './support/matrix.js';
import { questions } from '../lib/questions/table.js';
import { removeTempDir } from './support/tempdir.js';

/** Files that quote packages' versions or copies of the files, not statements of the project's Python. */
const notStatements = (path: string) => path.startsWith('base/requirements/') || ['.djangoflow/pristine.json', '.yo-rc.json'].includes(path);

/** Any Python 3 minor version a text states: `3.13`, `py313`, `python3.13`. */
const versionMention = /(?<![\w.])(?:python|py)?3\.?(1\d)(?![\d])/gi;

/** Each place that must state the version, as the exact line it states it with. */
function expectedStatements(version: string, answers: Record<string, string>): Array<[string, string]> {
  const statements: Array<[string, string]> = [
    ['README.md', `Python ${version} is the project's Python (\`pyproject.toml\`, the images and CI say`],
    ['README.md', `python${version} -m venv .venv && . .venv/bin/activate`],
    ['pyproject.toml', `requires-python = "==${version}.*"`],
    ['pyproject.toml', `target-version = "py${version.replace('.', '')}"`],
    ['pyproject.toml', `python_version = "${version}"`],
  ];
  if (answers.docker !== 'false') {
    statements.push(['base/Dockerfile', `ARG PYTHON_VERSION=${version}`]);
    statements.push(['docs/deployment.md', `Python ${version} (slim)`]);
  }
  if (answers.ci === 'github') statements.push(['.github/workflows/ci.yml', `python-version: "${version}"`]);
  if (answers.ci === 'gitlab') statements.push(['.gitlab-ci.yml', `image: python:${version}`]);
  return statements;
}

const pythonVersions = questions.find((question) => question.name === 'pythonVersion')!.choices!.map((choice) => choice.value);

/** The matrix, and each of its variants again under every other Python version. */
function variantsOverPythons(): Variant[] {
  const variants = matrixVariants();
  const crossed = variants
    .filter((variant) => !('pythonVersion' in variant.answers) && ['defaults', 'ci=gitlab', 'docker=false'].includes(variant.label))
    .flatMap((variant) => pythonVersions.map((version) => ({ label: `${variant.label}, python ${version}`, answers: { ...variant.answers, pythonVersion: version } })));
  return [...variants, ...crossed];
}

test.each(variantsOverPythons().map((variant) => [variant.label, variant] as const))(
  '%s: every Python version stated is the answer, everywhere it must be',
  async (_label, variant) => {
    const answers = { ...Object.fromEntries(Object.entries(defaultAnswers()).map(([key, value]) => [key, String(value)])), ...variant.answers };
    const version = answers.pythonVersion!;
    const result = await generateInProcess(cliArgs(variant));
    try {
      expect(result.code).toBe(0);
      const stated: string[] = [];
      const texts = new Map<string, string>();
      for (const path of listFiles(result.dir)) {
        const content = readBytes(result.dir, path);
        if (notStatements(path) || isBinary(content)) continue;
        const text = content.toString('utf8');
        texts.set(path, text);
        for (const match of text.matchAll(versionMention)) stated.push(`${path}: ${match[0]}`);
      }
      const other = stated.filter((mention) => !mention.endsWith(version) && !mention.endsWith(version.replace('.', '')));
      expect(other).toEqual([]);
      const missing = expectedStatements(version, answers).filter(([path, line]) => !texts.get(path)?.includes(line));
      expect(missing).toEqual([]);
    } finally {
      removeTempDir(result.dir);
    }
  },
  60_000,
);
