/**
 * allauth's web pages through gunicorn on production settings, as a browser uses them: a
 * cookie jar, CSRF tokens from the forms, https as the load balancer reports it. Sign up,
 * read the confirmation link from the mail (EMAIL_URL=consolemail:// prints it in
 * gunicorn's output), confirm, sign in, and reach the signed-in pages (the account page;
 * two-factor setup after the password is asked again).
 */
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import type { Gunicorn, HttpResponse } from '../support/python.js';

class Browser {
  private cookies = new Map<string, string>();

  constructor(
    private readonly server: Gunicorn,
    private readonly host: string,
  ) {}

  send(path: string, form?: Record<string, string>): Promise<HttpResponse> {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const headers: Record<string, string> = {
      Host: this.host,
      'X-Forwarded-Proto': 'https',
      Cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    };
    if (body !== undefined) {
      Object.assign(headers, {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': String(Buffer.byteLength(body)),
        Origin: `https://${this.host}`,
        Referer: `https://${this.host}${path}`,
      });
    }
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: this.server.port, path, method: body ? 'POST' : 'GET', headers, timeout: 20_000 },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            for (const line of res.headers['set-cookie'] ?? []) {
              const [pair] = line.split(';');
              const [name, ...value] = pair!.split('=');
              this.cookies.set(name!.trim(), value.join('='));
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${path} timed out`)));
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /** GETs the form's page, then POSTs the fields with the page's CSRF token. */
  async submit(path: string, fields: Record<string, string>): Promise<HttpResponse> {
    const page = await this.send(path);
    const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) throw new Error(`${path}: ${page.status}, no CSRF token in the page:\n${page.body.slice(0, 1500)}`);
    return this.send(path, { csrfmiddlewaretoken: token, ...fields });
  }
}

const location = (response: HttpResponse): string => String(response.headers.location ?? '').replace(/^https?:\/\/[^/]+/, '');

/** Runs the flow; each step as `what: status location` for one readable comparison. */
export async function signUpFlow(server: Gunicorn, host: string, username: string): Promise<string[]> {
  const browser = new Browser(server, host);
  const step = (what: string, response: HttpResponse) => `${what}: ${response.status} ${location(response)}`.trim();
  const password = 'Correct-Horse-Battery-9';
  const steps: string[] = [];

  steps.push(step('2fa setup, signed out', await browser.send('/accounts/2fa/totp/activate/')));
  const signup = await browser.submit('/accounts/signup/', {
    username,
    email: `${username}@example.com`,
    password1: password,
    password2: password,
  });
  steps.push(step('sign up', signup));
  steps.push(step('sign in unconfirmed', await browser.submit('/accounts/login/', { login: username, password })));
  // The console backend printed the mail: gunicorn's output holds the link, after the
  // mail's To: header (a server shared by several flows prints several mails).
  let link: string | undefined;
  for (let tries = 0; tries < 100 && !link; tries++) {
    // The body is quoted-printable: a soft line break (`=` at a line's end) splits the link.
    const output = server.output().replace(/=\r?\n/g, '');
    const mail = output.slice(Math.max(0, output.lastIndexOf(`To: ${username}@example.com`)));
    link = mail.includes(`To: ${username}@example.com`) ? /https:\/\/[^/\s]+(\/accounts\/confirm-email\/[^/\s]+\/)/.exec(mail)?.[1] : undefined;
    if (!link) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!link) throw new Error(`no https confirmation link in the mail:\n${server.output().slice(-3000)}`);
  steps.push(step('confirm', await browser.submit(link, {})));
  steps.push(step('sign in', await browser.submit('/accounts/login/', { login: username, password })));
  const account = await browser.send('/accounts/email/');
  steps.push(`account page: ${account.status} ${account.body.includes(`${username}@example.com`) ? 'shows the address' : 'no address'}`);
  steps.push(step('2fa setup, signed in', await browser.send('/accounts/2fa/totp/activate/')));
  steps.push(step('reauthenticate', await browser.submit('/accounts/reauthenticate/', { password })));
  const setup = await browser.send('/accounts/2fa/totp/activate/');
  steps.push(`2fa setup: ${setup.status} ${/name="code"/.test(setup.body) ? 'asks for a code' : 'no code field'}`);
  return steps;
}

/** The TOTP code of a base32 secret now (RFC 6238: 30-second steps, HMAC-SHA1, six digits). */
export function totpCode(secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const digest = createHmac('sha1', key).update(counter).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * The admin's sign-in with allauth on: the admin's own page sends to allauth's, the password
 * leads to the second factor, and the admin opens only after the code.
 */
export async function adminSignInFlow(server: Gunicorn, host: string, adminUrl: string, username: string, secret: string): Promise<string[]> {
  const browser = new Browser(server, host);
  const step = (what: string, response: HttpResponse) => `${what}: ${response.status} ${location(response)}`.trim();
  const steps: string[] = [];
  const adminLogin = await browser.send(`/${adminUrl}login/`);
  steps.push(step('admin sign-in page', adminLogin));
  // As a browser follows it: allauth's page with the admin as `next`.
  steps.push(step('password', await browser.submit(location(adminLogin) || '/accounts/login/', { login: username, password: 'Correct-Horse-Battery-9' })));
  steps.push(step('admin before the code', await browser.send(`/${adminUrl}`)));
  steps.push(step('code', await browser.submit('/accounts/2fa/authenticate/', { code: totpCode(secret) })));
  const index = await browser.send(`/${adminUrl}`);
  steps.push(`admin after the code: ${index.status} ${index.body.includes('Administration') ? 'the admin index' : 'no index'}`);
  return steps;
}
