/**
 * Rows with known personal data and secrets in the tables of a project with every plugin
 * (personal-data.test.ts), as Python for `manage.py shell -c`; `markers` are the values
 * that must not survive the generated anonymizer anywhere in the database.
 */
export const markers = [
  'ada@real.example',
  'Adaseeded',
  'Lovelaceseeded',
  'confirmseededkey',
  'TOTPSEEDEDSECRET',
  'clientseeded',
  'appsecretseeded',
  'uidseeded',
  'tokenseeded',
  'tokensecretseeded',
  '5eed5eed5eed5eed',
  'staticseed01',
  'fcmseededtoken',
  'udseededtoken',
];

export const seedScript = `
import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore

with reversion.create_revision():
    ada = get_user_model().objects.create_user(
        "ada-seeded", "ada@real.example", "pw-Seeded-123", first_name="Adaseeded", last_name="Lovelaceseeded"
    )
session = SessionStore()
session["email"] = "ada@real.example"
session.create()
LogEntry.objects.create(user=ada, object_repr="ada@real.example", action_flag=CHANGE, change_message="ada@real.example")

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken

address = EmailAddress.objects.create(user=ada, email="ada@real.example", verified=True, primary=True)
EmailConfirmation.objects.create(email_address=address, key="confirmseededkey")
Authenticator.objects.create(user=ada, type="totp", data={"secret": "TOTPSEEDEDSECRET"})
app = SocialApp.objects.create(provider="google", name="Google", client_id="clientseeded", secret="appsecretseeded")
account = SocialAccount.objects.create(user=ada, provider="google", uid="uidseeded", extra_data={"email": "ada@real.example"})
SocialToken.objects.create(app=app, account=account, token="tokenseeded", token_secret="tokensecretseeded")

from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from social_django.models import UserSocialAuth

TOTPDevice.objects.create(user=ada, name="phone", key="5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed")
EmailDevice.objects.create(user=ada, name="mail", email="ada@real.example")
StaticToken.objects.create(device=StaticDevice.objects.create(user=ada, name="backup"), token="staticseed01")
UserSocialAuth.objects.create(user=ada, provider="google-oauth2", uid="ada@real.example", extra_data={"access_token": "tokenseeded"})

from fcm_django.models import FCMDevice

from df_notifications.models import UserDevice

FCMDevice.objects.create(user=ada, registration_id="fcmseededtoken", type="android")
UserDevice.objects.create(user=ada, registration_id="udseededtoken", type="android")
print("seeded")
`;
