/**
 * allauth alone on the pinned stack (test/support/real-stack.ts runs the project's own
 * checks and tests, which sign up, confirm and sign in through the test client), then the
 * same flow through gunicorn on production settings and the web deployment's, and the
 * admin's sign-in through allauth and its TOTP step on the full site and the admin
 * deployment; the flows share one gunicorn per deployment (served.ts).
 */
import { describeRealStack } from '../support/real-stack.js';
import { allauthAdminBehindMfa, allauthSignUpServed, pluginChecks, printedMail } from './stack-checks.js';
import { servedProject } from './served.js';
import { allauthAlone } from './stack-projects.js';

describeRealStack(allauthAlone.label, allauthAlone.args, {
  plugins: allauthAlone.plugins,
  extra: (project) => {
    const served = servedProject(project, printedMail);
    pluginChecks(allauthAlone, project, served);
    allauthSignUpServed(served);
    allauthAdminBehindMfa(served);
  },
});
