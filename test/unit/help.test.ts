/**
 * --help is generated from the command specs; this checks that what it prints is complete
 * for every command: each option with its forms and default, --version, every exit code.
 */
import { allOptions, commands } from '../../cli/commands.js';
import { commandHelp, mainHelp } from '../../cli/help.js';
import { parseArgs } from '../../cli/args.js';
import { exitCodes } from '../../lib/run/exit-codes.js';
import { templatesDir } from '../../lib/template-set/paths.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';

const templates = loadTemplateSet(templatesDir());
const helpOf = (name: string) => (name ? commandHelp(commands.find((c) => c.name === name)!, templates) : mainHelp('0.0.0', templates));

describe.each(commands.map((c) => [c.name || '(main)', c.name] as const))('%s --help', (_label, name) => {
  const command = commands.find((c) => c.name === name)!;
  const help = helpOf(name);

  it('lists every option, yes/no ones with their --no- form, and the default of each question', () => {
    for (const option of allOptions(command, templates)) {
      if (option.name === 'help') expect(help).toContain('-h, --help');
      else if (option.type === 'boolean') expect(help).toContain(`--${option.name}, --no-${option.name}`);
      else expect(help).toContain(`--${option.name} <`);
      if (option.default !== undefined) expect(help).toContain(`(default: ${option.default})`);
    }
    expect(help).toContain('--x=yes or --x=no');
  });

  it('lists every exit code', () => {
    for (const code of Object.values(exitCodes)) expect(help).toMatch(new RegExp(`\\b${code} [a-z]`));
  });

  it('describes --force as what it does for this command', () => {
    const force = help.split('\n').find((line) => line.includes('--force'))!;
    // The main command and ui may start a project in a folder; the others only reconcile one.
    // settings writes nothing: --force is accepted (scripts pass it to every command) and says so.
    if (name === 'settings') expect(force).toMatch(/settings writes nothing/);
    else if (name && name !== 'ui') expect(force).not.toMatch(/non-empty folder/);
    else expect(force).toMatch(/non-empty folder/);
  });
});

it('the main help lists --version and every command', () => {
  const help = helpOf('');
  expect(help).toContain('--version');
  for (const command of commands.filter((c) => c.name)) expect(help).toContain(`djangoflow ${command.name}`);
});

it('a question with a fixed default shows it; a derived one says so', () => {
  const help = helpOf('');
  expect(help).toMatch(/--database <value> .*\(default: postgresql\)/);
  expect(help).toMatch(/--celery, --no-celery .*\(default: no\)/);
  expect(help).toMatch(/--project-slug <value> .*\(default: derived/);
});

it('an unknown option points to the help of the command being run', () => {
  expect(() => parseArgs(['--bogus'], [], 'djangoflow plugin --help')).toThrow('unknown option --bogus; see djangoflow plugin --help');
  expect(() => parseArgs(['-x'], [], 'djangoflow upgrade --help')).toThrow('see djangoflow upgrade --help');
});
