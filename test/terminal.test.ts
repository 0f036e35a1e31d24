/**
 * The bin and yo (the real yo package) at a real terminal (a pseudo-terminal): Ctrl-C at a
 * question cancels with one line, exit 130 and nothing written, under both shells and in a
 * sub-generator too; a signal while yo writes rolls back with the bin's line and exit code;
 * colour only on a terminal, never in piped output nor under NO_COLOR; yo's help readable, a mistyped option refused under yo as under the bin; answers typed at
 * yo's terminal reach the command.
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderHash } from './support/folder-hash.js';
import { generateInProcess } from './support/generate-in-process.js';
import { binPath } from './support/paths.js';
import { type RunResult, describeRun, run } from './support/process.js';
import { makeTempDir, removeTempDir } from './support/tempdir.js';
import { type TerminalRun, colourCode, ctrlC, runInTerminal, terminalEnv, yoSetup } from './support/terminal.js';

const setup = yoSetup('terminal');
const dirs: string[] = [];
afterAll(() => [...dirs, ...setup.folders].forEach(removeTempDir));

const bin = (args: readonly string[], extra: NodeJS.ProcessEnv = {}) => ({ command: [process.execPath, binPath, ...args], env: terminalEnv(extra) });
type Invocation = ReturnType<typeof bin>;

const atTerminal = (invocation: Invocation, cwd: string, steps: { after: string; keys: string }[] = []) =>
  runInTerminal(invocation.command, { cwd, env: invocation.env, steps });
const piped = (invocation: Invocation, cwd: string): Promise<RunResult> =>
  run(invocation.command[0]!, invocation.command.slice(1), { cwd, env: invocation.env });

/** The output as the lines a user reads: escape sequences and carriage returns taken out. */
const plainLines = (result: TerminalRun): string[] =>
  result.output
    .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
    .split(/\r?\n/)
    .map((line) => line.replace(/\r/g, '').trimEnd())
    .filter(Boolean);

function expectCancelled(result: TerminalRun, line: string): void {
  const lines = plainLines(result);
  expect({ code: result.code, last: lines.at(-1) }).toEqual({ code: 130, last: line });
  expect(result.output).not.toMatch(/\bError\b|\n\s+at |force closed/);
}

/**
 * The project the sub-generators run in: generated through the bin's main here
 * (generate-in-process.ts; yo runs as this user, support/terminal.ts, and may change it).
 * yo's own `djangoflow --defaults` is run by the colour tests below.
 */
let project = '';
beforeAll(async () => {
  project = setup.folder('terminal-project');
  const result = await generateInProcess(['--defaults'], { cwd: project });
  expect(result.code).toBe(0);
}, 300_000);

describe('a signal while yo writes the files', () => {
  // The fault hook hands the signal to the process right after the third file moved into
  // place: yo's run must roll back as the bin's does, with the bin's line and exit code.
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ])('%s midway through yo djangoflow:startapp: rolled back, one line, exit %i', async (signal, code) => {
    const dir = setup.folder(`terminal-${signal}`);
    cpSync(project, dir, { recursive: true });
    const before = folderHash(dir);
    const result = await piped(setup.yo(['djangoflow:startapp', 'blog'], { DJANGOFLOW_FAULT: `after-move:3:${signal}` }), dir);
    expect({ code: result.code, stderr: result.stderr.trim().split('\n') }).toEqual({
      code,
      stderr: [expect.stringMatching(new RegExp(`^yo djangoflow:startapp: .*interrupted \\(${signal}\\): rolled back`))],
    });
    expect(result.stdout).not.toMatch(/Added|\bError\b|\n\s+at /);
    expect(folderHash(dir)).toBe(before);
  });
});

describe('Ctrl-C at the first question', () => {
  it('djangoflow: one line, exit 130, nothing written', async () => {
    const dir = makeTempDir('terminal-bin');
    dirs.push(dir);
    const result = await atTerminal(bin([]), dir, [{ after: 'Project name', keys: ctrlC }]);
    expectCancelled(result, 'djangoflow: cancelled; nothing written');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('yo djangoflow: the same line naming yo, exit 130 (not Yeoman\'s "Error ... force closed", 1), nothing written', async () => {
    const dir = setup.folder('terminal-yo');
    const result = await atTerminal(setup.yo(['djangoflow']), dir, [{ after: 'Project name', keys: ctrlC }]);
    expectCancelled(result, 'yo djangoflow: cancelled; nothing written');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('Ctrl-C at a sub-generator question (a plugin asking its own)', () => {
  it.each([
    ['djangoflow plugin df-api-drf', () => bin(['plugin', 'df-api-drf']), 'djangoflow: cancelled; nothing written'],
    ['yo djangoflow:plugin df-api-drf', () => setup.yo(['djangoflow:plugin', 'df-api-drf']), 'yo djangoflow:plugin: cancelled; nothing written'],
  ])('%s leaves the project as it was', async (_label, invocation, line) => {
    const before = folderHash(project);
    const result = await atTerminal(invocation(), project, [{ after: 'API namespace', keys: ctrlC }]);
    expectCancelled(result, line);
    expect(folderHash(project)).toBe(before);
  });
});

/**
 * `yo djangoflow --help` piped, run once (yo's start is ~2 s of CPU): the colour test reads
 * it for escape codes, the help test below for its layout.
 */
let yoHelp: Promise<RunResult> | undefined;
const yoHelpPiped = (): Promise<RunResult> => (yoHelp ??= piped(setup.yo(['djangoflow', '--help']), setup.folder('terminal-help')));

describe('colour', () => {
  it('none in piped output: help, a generation, a refusal, under the bin and yo', async () => {
    const dir = setup.folder('terminal-piped');
    const runs: [string, () => Promise<RunResult>][] = [
      ['djangoflow --help', () => piped(bin(['--help']), dir)],
      ['djangoflow plugin --help', () => piped(bin(['plugin', '--help']), dir)],
      ['djangoflow --bogus', () => piped(bin(['--bogus']), dir)],
      ['yo djangoflow --help', yoHelpPiped],
      ['yo djangoflow:model --help', () => piped(setup.yo(['djangoflow:model', '--help']), dir)],
      ['yo djangoflow:plugin nope', () => piped(setup.yo(['djangoflow:plugin', 'nope']), project)],
      ['yo djangoflow --defaults', () => piped(setup.yo(['djangoflow', '--defaults']), dir)],
    ];
    for (const [label, pipedRun] of runs) {
      const result = await pipedRun();
      expect({ label, output: result.stdout + result.stderr, hasEscape: /\u001b\[/.test(result.stdout + result.stderr) }).toMatchObject({ label, hasEscape: false });
    }
    expect(readFileSync(join(dir, '.yo-rc.json'), 'utf8')).toContain('generator-djangoflow');
  }, 300_000);

  it('at a terminal the questions are coloured; with NO_COLOR=1 nothing is, under the bin and yo', async () => {
    const empty = makeTempDir('terminal-colour');
    dirs.push(empty);
    const coloured = await atTerminal(bin([]), empty, [{ after: 'Project name', keys: ctrlC }]);
    expect(coloured.output).toMatch(colourCode);
    const noColor = { NO_COLOR: '1' };
    const dir = setup.folder('terminal-no-color');
    const runs: [string, Invocation, { after: string; keys: string }[]][] = [
      ['djangoflow (asking)', bin([], noColor), [{ after: 'Project name', keys: ctrlC }]],
      ['djangoflow --help', bin(['--help'], noColor), []],
      ['yo djangoflow (asking)', setup.yo(['djangoflow'], noColor), [{ after: 'Project name', keys: ctrlC }]],
      ['yo djangoflow --help', setup.yo(['djangoflow', '--help'], noColor), []],
      ['yo djangoflow --defaults', setup.yo(['djangoflow', '--defaults'], noColor), []],
    ];
    const outputs = new Map<string, TerminalRun>();
    for (const [label, invocation, steps] of runs) {
      const result = await atTerminal(invocation, dir, steps);
      outputs.set(label, result);
      expect({ label, output: result.output, coloured: colourCode.test(result.output) }).toMatchObject({ label, coloured: false });
    }
    // The help at the terminal without colour is still the help.
    expect(plainLines(outputs.get('djangoflow --help')!).join('\n')).toContain('--defaults');
  }, 300_000);
});

test('yo djangoflow --help: each option on a line of its own, its default beside it, no column padded across the screen', async () => {
  const result = await yoHelpPiped();
  expect(result.code).toBe(0);
  const lines = result.stdout.split('\n');
  expect(lines.filter((line) => / {30,}/.test(line))).toEqual([]);
  expect(lines).toContain('      --skip-install     Do not automatically install dependencies (default: false)');
  expect(lines.find((line) => line.includes('--database'))).toMatch(/^ {6}--database +Production database engine .*\(default: postgresql\)$/);
});

test('yo refuses an option nobody takes (a typo) with one line, exit 1, nothing written; yo\'s spellings of known ones are taken', async () => {
  const empty = setup.folder('terminal-typo');
  const typo = await piped(setup.yo(['djangoflow', '--defaults', '--databse', 'mysql']), empty);
  expect({ code: typo.code, stderr: typo.stderr, files: readdirSync(empty) }).toEqual({
    code: 1,
    stderr: 'yo djangoflow: unknown option --databse (did you mean --database?); see yo djangoflow --help\n',
    files: [],
  });
  const before = folderHash(project);
  const sub = await piped(setup.yo(['djangoflow:startapp', 'blog', '--modle', 'Post title:str']), project);
  expect({ code: sub.code, stderr: sub.stderr }).toEqual({ code: 1, stderr: 'yo djangoflow:startapp: unknown option --modle (did you mean --model?); see yo djangoflow:startapp --help\n' });
  expect(folderHash(project)).toBe(before);
  // One spelling everywhere: yo's camelCase form of an option is refused, as the bin refuses it.
  const camel = await piped(setup.yo(['djangoflow', '--defaults', '--projectName', 'Camel Co']), empty);
  expect({ code: camel.code, stderr: camel.stderr, files: readdirSync(empty) }).toEqual({
    code: 1,
    stderr: 'yo djangoflow: unknown option --projectName (did you mean --project-name?); see yo djangoflow --help\n',
    files: [],
  });
  const spelled = await piped(setup.yo(['djangoflow', '--defaults', '--project-name', 'Camel Co', '--no-sentry', '--skip-install']), empty);
  expect(describeRun('yo djangoflow --project-name ... --no-sentry', spelled)).toMatch(/exited with 0/);
  expect(JSON.parse(readFileSync(join(empty, '.yo-rc.json'), 'utf8'))['generator-djangoflow'].answers).toMatchObject({ projectName: 'Camel Co', sentry: false });
}, 300_000);

test("an answer typed at the bin's terminal reaches the command: djangoflow --ask database, down, Enter", async () => {
  const dir = makeTempDir('terminal-ask');
  dirs.push(dir);
  // The project to ask in, made as the one above; the terminal run is the subject.
  expect((await generateInProcess(['--defaults'], { cwd: dir })).code).toBe(0);
  const result = await atTerminal(bin(['--ask', 'database']), dir, [
    { after: 'PostgreSQL', keys: '\u001b[B' },
    { after: 'MySQL', keys: '\r' },
  ]);
  expect({ code: result.code, output: result.output }).toMatchObject({ code: 0 });
  expect(JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-djangoflow'].answers.database).toBe('mysql');
});

test("an answer typed at yo's terminal reaches the command: yo djangoflow --ask database, down, Enter", async () => {
  const result = await atTerminal(setup.yo(['djangoflow', '--ask', 'database']), project, [
    { after: 'PostgreSQL', keys: '\u001b[B' },
    { after: 'MySQL', keys: '\r' },
  ]);
  expect({ code: result.code, output: result.output }).toMatchObject({ code: 0 });
  expect(result.output).not.toMatch(/deprecated/);
  const record = JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['generator-djangoflow'];
  expect(record.answers.database).toBe('mysql');
}, 300_000);
