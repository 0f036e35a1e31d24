/**
 * The part every fake provider server shares (Python, embedded in the fake scripts run in a
 * generated project's venv): a request handler that answers JSON and logs nothing.
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
