/**
 * The page's side of the server's API (generators/ui/server.ts): one fetch that sends the
 * session token. The shapes it answers with are the server's own, from ../api-types.ts
 * (type-only imports, erased by the bundler), so a change there fails the page's typecheck.
 */

const token = document.querySelector<HTMLMetaElement>('meta[name="djangoflow-token"]')?.content ?? '';

/** GET or POST (JSON) with the token header; an error answer becomes an Error with the server's message. */
export async function call<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'x-djangoflow-token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(data.error ?? `HTTP ${response.status}`);
  return data;
}
