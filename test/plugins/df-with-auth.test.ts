/**
 * Every DF module with df-auth, and allauth, on the pinned stack (test/support/real-stack.ts):
 * the project's own checks, then df-auth's tokens, every DF endpoint through both URLconfs,
 * and allauth's web sign-up beside them.
 */
import { describeRealStack } from '../support/real-stack.js';
import { allauthSignUpServed, pluginChecks } from './stack-checks.js';
import { dfWithAuth } from './stack-projects.js';

describeRealStack(dfWithAuth.label, dfWithAuth.args, {
  plugins: dfWithAuth.plugins,
  extra: (project) => {
    pluginChecks(dfWithAuth, project);
    allauthSignUpServed(project);
  },
});
