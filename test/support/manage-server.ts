/**
 * `manage.py` commands of many projects that share a venv, each run in a fork of one
 * long-lived Python process per venv (and environment) instead of a fresh interpreter: the
 * generation matrix checks ~50 projects, 24 of them on the default requirement set, and
 * every fresh process paid Python's start and the imports of Django and its packages again.
 *
 * Each command still runs from scratch in its own child: the child moves to its project,
 * puts the project's src/ first on sys.path (as `python src/manage.py` does), sets the
 * command's environment and runs src/manage.py; its exit code and output come back as
 * `manage()` gives them. What the forks share is only what the parent imported: the first
 * command lists the modules it imported from outside its project, and when a second
 * command comes for the venv the parent imports them, with no settings module. An import
 * that touches Django's settings or app registry there is refused (a BaseException no
 * library catches), so the parent keeps no module whose state depends on a project's
 * settings; such modules import in each fork. No project folder is ever on the parent's
 * sys.path, so no project module is shared. A venv with one project costs what a fresh
 * process costs; the default set's checks went from ~1.0 s of CPU each to ~0.15 s.
 *
 * ctypes' find_library answers from the machine (ldconfig, gcc, ld), never the project: the
 * parent keeps one answer per name, so GIS's GDAL lookups (~30 processes) run once per venv.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import type { RunResult } from './process.js';
import { runManagePy } from './python.js';
import { exitHooks, register } from './services.js';
import { stackFor } from './stack.js';

const marker = '@@manage-server ';

const serverScript = String.raw`${runManagePy}
import ctypes.util, importlib, json, resource, select, signal, tempfile, time
began = time.monotonic()
preimport_cpu, forks = 0.0, 0

found_libraries = {}  # one answer per library name (the module comment says why)
machine_find_library = ctypes.util.find_library


def find_library(name):
    if name not in found_libraries:
        found_libraries[name] = machine_find_library(name)
    return found_libraries[name]


ctypes.util.find_library = find_library

# No project on this process's path: runManagePy's src/ (of the venv folder) and the cwd go.
sys.path = [entry for entry in sys.path[1:] if entry not in ("", os.getcwd())]
base_path = list(sys.path)
MARKER = ${JSON.stringify(marker)}


def reply(message):
    print("\n" + MARKER + json.dumps(message), flush=True)


class TouchedSettings(BaseException):
    """Raised by an import in the parent that reaches for settings or the app registry."""


def refuse(*args, **kwargs):
    raise TouchedSettings()

def preimport(names, libraries):
    for name in libraries:
        find_library(name)
    try:
        from django.conf import LazySettings
        from django.apps.registry import Apps
    except BaseException:
        return  # no Django to guard: nothing is shared
    saved = {(cls, name): cls.__dict__[name] for cls, name in
             [(LazySettings, "_setup"), (LazySettings, "configure"),
              (Apps, "check_apps_ready"), (Apps, "check_models_ready")]}
    for cls, name in saved:
        setattr(cls, name, refuse)
    try:
        for name in names:
            if name != "__main__" and name not in sys.modules:
                try:
                    importlib.import_module(name)
                except BaseException:
                    pass  # needs settings, the registry or a project: each fork imports it
    finally:
        for (cls, name), value in saved.items():
            setattr(cls, name, value)


def start(request, listing):
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)  # stdin is the parent's request pipe
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            os.chdir(request["cwd"])
            os.environ.clear()
            os.environ.update(request["env"])
            sys.path[:] = [os.path.abspath("src"), *base_path]
            code = run_manage(request["argv"])
            if listing:
                project = os.path.abspath(".")
                outside = [name for name, module in list(sys.modules.items())
                           if not (getattr(module, "__file__", None) or "").startswith(project)]
                with open(listing, "w") as file:
                    json.dump({"modules": outside, "libraries": list(found_libraries)}, file)
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    return pid, {"id": request["id"], "out": out, "err": err, "listing": listing,
                 "started": time.monotonic(), "deadline": time.monotonic() + request["timeout"], "killed": False}


children = {}
imported = None  # what the first command imported outside its project, until the parent imports it
listing_taken = False  # the first command lists its outside imports for the parent
buffered = b""
stdin_open = True
while stdin_open or children:
    wait = 0.02 if children else None
    ready = select.select([0], [], [], wait)[0] if stdin_open else (time.sleep(0.02) or [])
    if ready:
        chunk = os.read(0, 1 << 16)
        if not chunk:
            stdin_open = False
        buffered += chunk
        *lines, buffered = buffered.split(b"\n")
        for line in lines:
            if not line.strip():
                continue
            request = json.loads(line)
            if imported:
                # A second command for this venv: now the shared imports pay off.
                preimport_cpu = time.process_time()
                preimport(imported["modules"], imported["libraries"])
                imported, preimport_cpu = None, time.process_time() - preimport_cpu
            listing = None
            if not listing_taken:
                listing_taken = True
                descriptor, listing = tempfile.mkstemp(suffix=".json")
                os.close(descriptor)
            pid, child = start(request, listing)
            children[pid] = child
            forks += 1
    for pid, child in list(children.items()):
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done == 0:
            if time.monotonic() > child["deadline"] and not child["killed"]:
                os.kill(pid, signal.SIGKILL)
                child["killed"] = True
            continue
        del children[pid]
        code = os.waitstatus_to_exitcode(status)
        child["err"].seek(0)
        stderr = child["err"].read().decode(errors="replace")
        if child["killed"]:
            code, stderr = 124, stderr + "\n[killed after its timeout]"
        if child["listing"]:
            try:
                if os.path.getsize(child["listing"]):
                    imported = json.load(open(child["listing"]))
            finally:
                os.unlink(child["listing"])
        child["out"].seek(0)
        reply({"id": child["id"], "code": 128 if code < 0 and not child["killed"] else code,
               "stdout": child["out"].read().decode(errors="replace"), "stderr": stderr,
               "cpu": [usage.ru_utime, usage.ru_stime, time.monotonic() - child["started"]]})
own = resource.getrusage(resource.RUSAGE_SELF)
reply({"id": None, "cpu": [own.ru_utime, own.ru_stime, time.monotonic() - began],
       "stdout": f"{forks} forks, {preimport_cpu:.2f} s of CPU importing"})
`;

interface Server {
  child: ChildProcessWithoutNullStreams;
  /** Request id → its promise's settlers: a server that dies fails every waiting request. */
  waiting: Map<number, { resolve: (result: RunResult) => void; reject: (error: Error) => void }>;
  stop: () => void;
}

const servers = new Map<string, Server>();
let nextId = 0;
/** Request id → its command line, for the trace. */
const labels = new Map<number, string>();

/** DJANGOFLOW_TRACE_RUN (process.ts): each fork's and each server's own CPU, as run() traces a command's. */
function trace([user, system, wall]: number[], label: string): void {
  const file = process.env.DJANGOFLOW_TRACE_RUN;
  if (file) appendFileSync(file, `${user!.toFixed(2)} ${system!.toFixed(2)} ${wall!.toFixed(2)} ${label}\n`);
}

function startServer(python: string, cwd: string, env: NodeJS.ProcessEnv): Server {
  const child = spawn(python, ['-c', serverScript], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const waiting: Server['waiting'] = new Map();
  // Output outside the commands' own streams (the parent's imports) goes with the next result.
  let [stdout, stderr, stray] = ['', '', ''];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const lines = stdout.split('\n');
    stdout = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith(marker)) {
        if (line.trim()) stray += `${line}\n`;
        continue;
      }
      const { id, cpu, ...result } = JSON.parse(line.slice(marker.length)) as RunResult & { id: number | null; cpu: number[] };
      trace(cpu, id === null ? `manage-server parent ${python} (${result.stdout})` : `manage-server fork ${labels.get(id)}`);
      if (id === null) continue;
      labels.delete(id);
      const settle = waiting.get(id);
      waiting.delete(id);
      if (stray || stderr) {
        result.stdout += stray;
        result.stderr += stderr;
        stray = stderr = '';
      }
      settle?.resolve(result);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const record = register(`manage-server-${child.pid}`, { kind: 'process', pid: child.pid ?? 0 });
  const stop = (): void => {
    child.stdin.end();
    rmSync(record, { force: true });
  };
  const killNow = (): void => {
    child.kill('SIGKILL');
    rmSync(record, { force: true });
  };
  exitHooks.add(killNow);
  const failed = (error: Error): void => {
    for (const settle of waiting.values()) settle.reject(error);
    waiting.clear();
  };
  child.on('error', failed);
  // A dead server's stdin refuses writes (EPIPE): its close fails the waiting commands.
  child.stdin.on('error', () => {});
  child.on('close', (code) => {
    exitHooks.delete(killNow);
    rmSync(record, { force: true });
    if (waiting.size > 0) failed(new Error(`the manage.py fork server exited with ${code}:\n${stray}${stderr}`.trim()));
  });
  return { child, waiting, stop };
}

/**
 * `manage()` of python.ts, run in a fork of the venv's server (see the module comment): the
 * command's exit code and output.
 */
export function manageInServer(
  projectDir: string,
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 180_000,
): Promise<RunResult> {
  const stack = stackFor(projectDir);
  const fullEnv = stack.env(env);
  const key = `${stack.python}\0${JSON.stringify(Object.entries(fullEnv).sort())}`;
  let server = servers.get(key);
  if (!server || server.child.exitCode !== null) {
    server = startServer(stack.python, stack.venv, fullEnv);
    servers.set(key, server);
  }
  const id = nextId++;
  labels.set(id, `${projectDir} ${args.join(' ')}`);
  const request = { id, cwd: projectDir, argv: args, env: fullEnv, timeout: timeoutMs / 1000 };
  const { child, waiting } = server;
  return new Promise<RunResult>((resolve, reject) => {
    // The parent kills a fork past its timeout; a parent that hangs itself is killed here,
    // which fails every command waiting on it.
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 60_000);
    const settled = <T>(settle: (value: T) => void) => (value: T) => {
      clearTimeout(timer);
      settle(value);
    };
    waiting.set(id, { resolve: settled(resolve), reject: settled(reject) });
    child.stdin.write(`${JSON.stringify(request)}\n`);
  });
}

/** Ends every server: each exits once its running commands have answered. */
export async function stopManageServers(): Promise<void> {
  const closing = [...servers.values()].map(
    (server) => new Promise<void>((resolve) => {
      if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
      server.child.once('close', () => resolve());
      server.stop();
    }),
  );
  servers.clear();
  await Promise.all(closing);
}
