/**
 * Every DF module with df-auth, and allauth, on the pinned stack (test/support/real-stack.ts):
 * the project's own checks, then df-auth's tokens, every DF endpoint through both URLconfs,
 * and allauth's web sign-up beside them; social sign-in's credentials check against fake
 * providers and its callback URLs served (test/plugins/social-signin-stack.ts). The checks
 * share one gunicorn per deployment (served.ts).
 */
import { describeRealStack } from '../support/real-stack.js';
import { allauthSignUpServed, pluginChecks, printedMail } from './stack-checks.js';
import { servedProject } from './served.js';
import { socialClients, socialSigninChecks } from './social-signin-stack.js';
import { dfWithAuth, socialAppleKey, socialSecrets } from './stack-projects.js';

describeRealStack(dfWithAuth.label, dfWithAuth.args, {
  plugins: dfWithAuth.plugins,
  extra: (project) => {
    const served = servedProject(project, { ...printedMail, ...socialClients(socialSecrets) });
    pluginChecks(dfWithAuth, project, served);
    allauthSignUpServed(served);
    socialSigninChecks(served, socialSecrets, socialAppleKey);
  },
});
