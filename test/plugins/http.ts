/**
 * HTTP calls with a method, headers and a JSON body against a generated project's server
 * (python.ts's httpGet only GETs): what an API client of the project sends.
 */
import { request } from 'node:http';
import type { HttpResponse } from '../support/python.js';

export interface CallOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
}

export function call(port: number, path: string, host: string, options: CallOptions = {}): Promise<HttpResponse> {
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers: Record<string, string> = { Host: host, Accept: 'application/json', ...options.headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers, timeout: 20_000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${options.method ?? 'GET'} ${path} timed out`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The answer, shortened for a failure message. */
export function describeResponse(path: string, response: HttpResponse): string {
  return `${path}: ${response.status} ${response.body.slice(0, 600)}`;
}
