/**
 * Twilio and Firebase through the DF modules, on a project's pinned stack (an `extra` of
 * describeRealStack): fake Twilio and Google servers (Python's http.server on 127.0.0.1, the
 * project's TWILIO_API_BASE, FCM_API_URL and FCM_TOKEN_URL pointed there) while the project,
 * in the same Python, asks df-auth's API for an SMS one-time password (the code is read
 * from the SMS the fake Twilio received) and signs in with it, registers a device at
 * df-notifications' API, and sends through df-notifications' push and SMS channels.
 */
import { expectSuccess } from '../support/e2e.js';
import type { RealProject } from '../support/real-stack.js';
import { type ServiceAccount, fakeFirebasePython, firebaseFakeEnv } from './fake-firebase.js';
import { jsonHandlerPython } from './fake-http.js';

const script = `
import base64, http.server, json, os, re, socket, sys, threading
from urllib.parse import parse_qs
${fakeFirebasePython}
seen, sms, pushes = [], [], []


${jsonHandlerPython}


class Fake(JsonAnswers):
    def do_POST(self):
        seen.append(f"POST {self.path}")
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        if self.path == FCM_SEND_PATH:
            return self.answer(*firebase_send(self.headers, json.loads(raw), pushes))
        form = {key: values[0] for key, values in parse_qs(raw).items()}
        if self.path == "/token":
            return self.answer(*firebase_token(form))
        sid = os.environ["GOOD_SID"]
        auth = base64.b64encode(f"{sid}:{os.environ['GOOD_TOKEN']}".encode()).decode()
        if self.path != f"/2010-04-01/Accounts/{sid}/Messages.json" or self.headers.get("Authorization") != f"Basic {auth}":
            return self.answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
        sms.append(form)
        self.answer(201, {"sid": f"SMfake{len(sms):04d}", "status": "queued", "to": form.get("To"), "body": form.get("Body")})


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Fake)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_port}"
os.environ.update(TWILIO_API_BASE=base, FCM_API_URL=base, FCM_TOKEN_URL=f"{base}/token")

sys.path.insert(0, "src")
import django

django.setup()
from django.core.management import call_command

call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from df_notifications.channels import FirebasePushChannel, TwilioSMSChannel
from rest_framework.test import APIClient

from django.conf import settings

# df_api_drf's namespace (the project answers v2): DF modules' APIs are mounted there.
ns = settings.DF_API_DRF["DEFAULT_NAMESPACE"]
report = {"namespace": ns}
phone = "+31612345678"
api = APIClient(HTTP_HOST="localhost")
report["otp requested"] = api.post(f"/api/{ns}/auth/otp/", {"phone_number": phone}, format="json").status_code
texts = [message.get("Body") for message in sms]
code = re.fullmatch(r"Your sign-in code: (\\d{6})", texts[0] if texts else "")
report["otp sms"] = {key: sms[0].get(key) for key in ("To", "From")} if sms else None
report["wrong code"] = api.post(f"/api/{ns}/auth/token/", {"phone_number": phone, "otp": "000000" if not code or code[1] != "000000" else "111111"}, format="json").status_code
signed_in = api.post(f"/api/{ns}/auth/token/", {"phone_number": phone, "otp": code[1] if code else ""}, format="json")
report["sign-in"] = signed_in.status_code
api.credentials(HTTP_AUTHORIZATION=f"Bearer {signed_in.json().get('token', '')}")
device = {"registration_id": "fake-registration-token", "type": "ios"}
report["device registered"] = api.post(f"/api/{ns}/notifications/devices/", device, format="json").status_code
user = get_user_model().objects.get(phone_number=phone)
FirebasePushChannel().send([user], {"subject.txt": "Hello", "body.txt": "From df-notifications", "data.json": '{"order": "42"}'})
TwilioSMSChannel().send([user], {"body.txt": "Your order 42 has shipped"})
report["sms texts"] = [re.sub(r"\\d{6}", "<code>", text) for text in [message.get("Body") for message in sms]]
report["pushes"] = pushes
report["requests"] = sorted(set(seen))
# Twilio unreachable (a port that refuses): the one-time password answers 503, not 500.
from django.test import override_settings

closed = socket.socket()
closed.bind(("127.0.0.1", 0))
with override_settings(OTP_TWILIO_URL=f"http://127.0.0.1:{closed.getsockname()[1]}"):
    down = APIClient(HTTP_HOST="localhost").post(f"/api/{ns}/auth/otp/", {"phone_number": "+31612345679"}, format="json")
report["otp while twilio is unreachable"] = [down.status_code, down.headers.get("Retry-After"), down.json()]
print(json.dumps(report))
`;

export function messagingChecks(project: () => RealProject, twilio: { sid: string; token: string }, firebase: ServiceAccount): void {
  test("df-auth's API texts a one-time password through the fake Twilio and signs in with it; df-notifications registers a device and sends a push and an SMS to the fakes", async () => {
    const p = project();
    const result = await p.stack.run(['-c', script], {
      env: {
        GOOD_SID: twilio.sid,
        GOOD_TOKEN: twilio.token,
        ...firebaseFakeEnv(firebase),
        DJANGO_SETTINGS_MODULE: 'config.settings.local',
        // The project's database (migrated by then, else the script migrates it): no second migration on SQLite.
        DATABASE_URL: p.database.url,
      },
    });
    expectSuccess('SMS and push through the DF modules', result);
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1)!)).toEqual({
      namespace: 'v2',
      'otp requested': 200,
      'otp sms': { To: '+31612345678', From: '+15005550006' },
      'wrong code': 400,
      'sign-in': 200,
      'device registered': 201,
      'sms texts': ['Your sign-in code: <code>', 'Your order 42 has shipped'],
      pushes: [{ token: 'fake-registration-token', notification: { title: 'Hello', body: 'From df-notifications' }, data: { order: '42' } }],
      requests: [
        'POST /2010-04-01/Accounts/' + twilio.sid + '/Messages.json',
        'POST /token',
        `POST /v1/projects/${firebase.projectId}/messages:send`,
      ].sort(),
      'otp while twilio is unreachable': [
        503,
        '30',
        { errors: [{ message: 'A service this request needs could not be reached; try again in a minute.', code: 'upstream_unavailable' }] },
      ],
    });
  }, 300_000);
}
