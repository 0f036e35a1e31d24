/**
 * Every DF module without df-auth on the pinned stack (test/support/real-stack.ts): DF's
 * defaults name simplejwt, which only df-auth installs, so this is the project that proves
 * the DF APIs (and /healthz/) run on the project's session authentication alone.
 */
import { describeRealStack } from '../support/real-stack.js';
import { pluginChecks } from './stack-checks.js';
import { dfWithoutAuth } from './stack-projects.js';

describeRealStack(dfWithoutAuth.label, dfWithoutAuth.args, {
  plugins: dfWithoutAuth.plugins,
  extra: (project) => pluginChecks(dfWithoutAuth, project),
});
