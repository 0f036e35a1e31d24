/**
 * Twilio and FCM with df-auth and df-notifications on the pinned stack (test/support/real-stack.ts):
 * the project's own checks, then an SMS one-time password through df-auth's API, and a push
 * and an SMS through df-notifications' channels, all to local fakes (messaging-stack.ts).
 */
import { describeRealStack } from '../support/real-stack.js';
import { activePlugins } from './stack-checks.js';
import { dfMessaging, firebaseAccounts, wizardSecrets } from './stack-projects.js';
import { messagingChecks } from './messaging-stack.js';

describeRealStack(dfMessaging.label, dfMessaging.args, {
  plugins: dfMessaging.plugins,
  extra: (project) => {
    test('holds exactly the plugins it is meant to prove', () => {
      expect(activePlugins(project().dir).sort()).toEqual([...dfMessaging.covers].sort());
    });
    messagingChecks(project, { sid: wizardSecrets.twilioAccountSid, token: wizardSecrets.twilioAuthToken }, firebaseAccounts.good);
  },
});
