/**
 * The parts every fake provider server shares (Python, embedded in the fake scripts run in a
 * generated project's venv): a request handler that answers JSON and logs nothing, and the
 * fake served from a child process.
 */
export const jsonHandlerPython = `
import http.server as _http_server, json as _json


class JsonAnswers(_http_server.BaseHTTPRequestHandler):
    def answer(self, status, body):
        data = _json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass
`;

/**
 * Python: `serve_in_child(handler, state)` serves the fake (a JsonAnswers class) on 127.0.0.1
 * from a child process and returns `(base_url, stop)`; `stop()` ends it and returns what
 * `state()` gave there (the requests it saw). The script's own process stays without
 * threads, so it can run the project's commands as forks of one process (run_forked of
 * test/support/manage-forked.ts) while the fake answers them.
 */
export const serveInChildPython = `
import http.server as _http_server, json as _json, os as _os, signal as _signal


def serve_in_child(handler, state):
    server = _http_server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    read, write = _os.pipe()
    pid = _os.fork()
    if pid == 0:
        _os.close(read)

        def finish(*_):
            with _os.fdopen(write, "w") as pipe:
                _json.dump(state(), pipe)
            _os._exit(0)

        _signal.signal(_signal.SIGTERM, finish)
        server.serve_forever()
        _os._exit(1)
    _os.close(write)
    server.socket.close()

    def stop():
        _os.kill(pid, _signal.SIGTERM)
        with _os.fdopen(read) as pipe:
            seen = _json.load(pipe)
        _os.waitpid(pid, 0)
        return seen

    return f"http://127.0.0.1:{server.server_port}", stop
`;
