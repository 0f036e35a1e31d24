/**
 * manage.py commands that need a process each (another settings module, another variable:
 * Django configures its settings once per process), run as forks of one Python process:
 * the first command runs in a fork of a bare interpreter, as a separate `manage()` would;
 * the parent then imports the modules that command imported outside the project, with no
 * settings module set (a module that needs settings fails there and is left to each fork),
 * and every later command runs in a fork of that parent, its own settings configured from
 * scratch. `check --deploy` of a project's four settings modules took 3.4 s of CPU as four
 * processes and 1.6 s forked.
 */
import { describeRun, type RunResult } from './process.js';
import { printedResults, runManagePy } from './python.js';
import { stackFor } from './stack.js';

export interface ForkedCommand {
  /** Arguments after `src/manage.py`. */
  argv: readonly string[];
  /** Changes to the shared environment for this command (`undefined` removes a variable). */
  env?: Record<string, string | undefined>;
}

const manageForkedScript = String.raw`${runManagePy}
import importlib, json, tempfile

project = os.path.abspath(".")


def forked(command, listing=None):
    """Runs the command in a child process; its exit code and output."""
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        for name, value in command.get("env", {}).items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
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


commands = json.loads(sys.argv[1])
os.environ.pop("DJANGO_SETTINGS_MODULE", None)
with tempfile.NamedTemporaryFile(suffix=".json") as listing:
    results = [forked(commands[0], listing.name)]
    imported = json.load(open(listing.name)) if os.path.getsize(listing.name) else []
for name in imported:
    if name != "__main__" and name not in sys.modules:
        try:
            importlib.import_module(name)
        except BaseException:
            pass  # needs settings (or the app registry): each fork imports it itself
results += [forked(command) for command in commands[1:]]
print("\n" + json.dumps(results))
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
  const label = `manage.py ${commands.map((command) => command.argv.join(' ')).join(', ')} (forks of one process)`;
  // JSON has no undefined: a variable to remove travels as null.
  const sent = JSON.stringify(commands, (_key, value: unknown) => (value === undefined ? null : value));
  const ran = await stackFor(projectDir).run(['-c', manageForkedScript, sent], {
    cwd: projectDir,
    env,
    timeoutMs: 180_000 * commands.length,
  });
  if (ran.code !== 0) throw new Error(describeRun(label, ran));
  return printedResults(label, ran, commands.length);
}
