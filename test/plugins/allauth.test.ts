/**
 * allauth alone on the pinned stack (test/support/real-stack.ts runs the project's own
 * checks and tests, which sign up, confirm and sign in through the test client), then the
 * same flow through gunicorn on production settings and the web deployment's, and the
 * admin's sign-in through allauth and its TOTP step on the full site and the admin deployment.
 */
import { describeRealStack } from '../support/real-stack.js';
import { allauthAdminBehindMfa, allauthSignUpServed, pluginChecks } from './stack-checks.js';
import { allauthAlone } from './stack-projects.js';

describeRealStack(allauthAlone.label, allauthAlone.args, {
  plugins: allauthAlone.plugins,
  extra: (project) => {
    pluginChecks(allauthAlone, project);
    allauthSignUpServed(project);
    allauthAdminBehindMfa(project);
  },
});
