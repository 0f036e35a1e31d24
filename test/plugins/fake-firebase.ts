/**
 * A Firebase service account made for a test (a fresh RSA key: its JSON is what a wizard is
 * given) and the Python of a fake Google token endpoint and FCM v1 API for the fake servers
 * of integration-stack.ts and messaging-stack.ts (Python's http.server on 127.0.0.1): the
 * token endpoint grants an access token only to a JWT signed with the test's key and issued
 * by its client_email, and FCM accepts a message only with that access token.
 */
import { generateKeyPairSync } from 'node:crypto';

export interface ServiceAccount {
  /** The service account's JSON key, on one line (what Firebase's console downloads, compacted). */
  json: string;
  publicKey: string;
  clientEmail: string;
  projectId: string;
  /** A line of the private key's base64: what must be in .env and in no other file. */
  keyPart: string;
}

export function fakeServiceAccount(projectId = 'djangoflow-e2e'): ServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const clientEmail = `push@${projectId}.iam.gserviceaccount.com`;
  const json = JSON.stringify({
    type: 'service_account',
    project_id: projectId,
    private_key_id: '0e2e0e2e',
    private_key: privateKey,
    client_email: clientEmail,
    client_id: '100000000000000000001',
    token_uri: 'https://oauth2.googleapis.com/token',
  });
  return { json, publicKey, clientEmail, projectId, keyPart: privateKey.split('\n')[3]! };
}

/** The environment of the fake servers' Python: which service account is the good one. */
export const firebaseFakeEnv = (account: ServiceAccount): Record<string, string> => ({
  FCM_PUBLIC_KEY: account.publicKey,
  FCM_CLIENT_EMAIL: account.clientEmail,
  FCM_PROJECT_ID: account.projectId,
});

/**
 * Python: firebase_token(form) and firebase_send(headers, body, pushes), each (status, body)
 * of a request to the fake; firebase_send appends the message FCM received to `pushes`.
 */
export const fakeFirebasePython = `
import base64 as _base64, json as _json, os as _os
from google.auth import crypt as _crypt

FCM_ACCESS_TOKEN = "ya29.fake-access-token"
FCM_SEND_PATH = f"/v1/projects/{_os.environ['FCM_PROJECT_ID']}/messages:send"


def _unbase64(part):
    return _base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def firebase_token(form):
    try:
        header, payload, signature = form.get("assertion", "").split(".")
        verifier = _crypt.RSAVerifier.from_string(_os.environ["FCM_PUBLIC_KEY"])
        signed = verifier.verify(f"{header}.{payload}".encode(), _unbase64(signature))
        ok = signed and _json.loads(_unbase64(payload)).get("iss") == _os.environ["FCM_CLIENT_EMAIL"]
    except ValueError:
        ok = False
    if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" or not ok:
        return 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
    return 200, {"access_token": FCM_ACCESS_TOKEN, "expires_in": 3600, "token_type": "Bearer"}


def firebase_send(headers, body, pushes):
    if headers.get("Authorization") != f"Bearer {FCM_ACCESS_TOKEN}":
        return 401, {"error": {"code": 401, "message": "Request had invalid authentication credentials.", "status": "UNAUTHENTICATED"}}
    pushes.append(body.get("message", {}))
    return 200, {"name": f"projects/{_os.environ['FCM_PROJECT_ID']}/messages/fake-{len(pushes)}"}
`;
