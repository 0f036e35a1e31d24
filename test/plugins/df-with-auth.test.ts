/**
 * Every DF module with df-auth on the pinned stack (test/support/real-stack.ts): the
 * project's own checks, then df-auth's tokens, and every DF endpoint through both URLconfs.
 */
import { describeRealStack } from '../support/real-stack.js';
import { pluginChecks } from './stack-checks.js';
import { dfWithAuth } from './stack-projects.js';

describeRealStack(dfWithAuth.label, dfWithAuth.args, {
  plugins: dfWithAuth.plugins,
  extra: (project) => pluginChecks(dfWithAuth, project),
});
