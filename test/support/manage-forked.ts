/**
 * manage.py commands that need a process each (another settings module, another variable:
 * Django configures its settings once per process), run as forks of one Python process:
 * the first command runs in a fork of a bare interpreter, as a separate `manage()` would;
 * the parent then imports the modules that command imported outside the project, with no
 * settings module set (a module that needs settings fails there and is left to each fork),
 * and every later command runs in a fork of that parent, its own settings configured from
 * scratch. `check --deploy` of a project's four settings modules took 3.4 s of CPU as four
 * processes and 1.6 s forked. A fork may run several commands in turn (`steps`: Django set
 * up once for them, as manageEach does), each with its own result.
 */
import { describeRun, type RunResult } from './process.js';
import { printedResults, runManagePy } from './python.js';
import { stackFor } from './stack.js';

/** One fork: a command (`argv`, the arguments after `src/manage.py`) or several in turn (`steps`). */
export type ForkedCommand = ({ argv: readonly string[] } | { steps: ReadonlyArray<readonly string[]> }) & {
  /** Changes to the shared environment for this fork (`undefined` removes a variable). */
  env?: Record<string, string | undefined>;
};

/**
 * Python: `run_forked(commands)` runs each command (`{"argv": [...]}` or `{"steps": [...]}`,
 * with an optional `"env"` of changes, None removing a variable) in its own fork as the
 * module comment says; one result dict per command (a steps fork's results printed as its
 * own last line). The calling process must have no other thread (fork copies only the caller).
 */
export const manageForkedPython = String.raw`${runManagePy}
import tempfile

project = os.path.abspath(".")
settings_module = None


def forked(command, listing=None):
    """Runs the command in a child process; its exit code and output."""
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        if settings_module is not None:
            os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
        for name, value in (command.get("env") or {}).items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if "steps" in command:
            print("\n" + json.dumps(run_each(command["steps"])))
            code = 0
        else:
            code = run_manage(command["argv"])
        if listing:
            outside = [name for name, module in list(sys.modules.items())
                       if not (getattr(module, "__file__", None) or "").startswith(project)]
            with open(listing, "w") as file:
                json.dump(outside, file)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    out.seek(0)
    err.seek(0)
    return {"code": os.waitstatus_to_exitcode(status), "stdout": out.read().decode(), "stderr": err.read().decode()}


def run_forked(commands):
    global settings_module
    # The parent imports with no settings module; each fork gets the shared one back.
    settings_module = os.environ.pop("DJANGO_SETTINGS_MODULE", settings_module)
    with tempfile.NamedTemporaryFile(suffix=".json") as listing:
        results = [forked(commands[0], listing.name)]
        imported = json.load(open(listing.name)) if os.path.getsize(listing.name) else []
    for name in imported:
        if name != "__main__" and name not in sys.modules:
            try:
                importlib.import_module(name)
            except BaseException:
                pass  # needs settings (or the app registry): each fork imports it itself
    return results + [forked(command) for command in commands[1:]]
`;

const manageForkedScript = String.raw`${manageForkedPython}
print("\n" + json.dumps(run_forked(json.loads(sys.argv[1]))))
`;

/**
 * Runs each command in its own fork (see the module comment), with the shared environment
 * `env` changed by the command's own `env`: each command's exit code and output, in order.
 */
export async function manageForked(
  projectDir: string,
  env: Record<string, string | undefined>,
  commands: readonly ForkedCommand[],
): Promise<RunResult[]> {
  const named = (command: ForkedCommand): string => ('steps' in command ? command.steps.map((argv) => argv[0]).join(' + ') : command.argv.join(' '));
  const label = `manage.py ${commands.map(named).join(', ')} (forks of one process)`;
  // JSON has no undefined: a variable to remove travels as null.
  const sent = JSON.stringify(commands, (_key, value: unknown) => (value === undefined ? null : value));
  const ran = await stackFor(projectDir).run(['-c', manageForkedScript, sent], {
    cwd: projectDir,
    env,
    timeoutMs: 180_000 * commands.reduce((sum, command) => sum + ('steps' in command ? command.steps.length : 1), 0),
  });
  if (ran.code !== 0) throw new Error(describeRun(label, ran));
  const forks = printedResults(label, ran, commands.length);
  // A fork of steps printed its steps' results as its own last line.
  return commands.flatMap((command, index) =>
    'steps' in command ? printedResults(`${label}: fork ${index + 1}`, forks[index]!, command.steps.length) : [forks[index]!],
  );
}
