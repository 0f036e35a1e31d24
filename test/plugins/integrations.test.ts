/**
 * The integration plugins together on the pinned stack (test/support/real-stack.ts):
 * Celery, Channels, reversion, cors, anymail, storages, Stripe, Twilio and FCM beside the default
 * ones; then a Celery worker running a task, a websocket answered through Channels, Stripe's
 * webhook, the providers' credentials check, an SMS and a push (test/plugins/integration-stack.ts).
 */
import { celeryRunsATask } from '../support/celery-task.js';
import { describeRealStack } from '../support/real-stack.js';
import { describeRun } from '../support/process.js';
import { pluginChecks, websocketEchoes } from './stack-checks.js';
import { firebaseAccounts, integrations, wizardSecrets } from './stack-projects.js';
import { integrationChecks } from './integration-stack.js';
import { servedProject } from './served.js';

describeRealStack(integrations.label, integrations.args, {
  plugins: integrations.plugins,
  extra: (project) => {
    const served = servedProject(project, { STRIPE_WEBHOOK_SECRET: wizardSecrets.stripeWebhookSecret });
    pluginChecks(integrations, project, served);
    integrationChecks(served, wizardSecrets, firebaseAccounts);

    test('a Celery worker runs a task sent through Redis (celery)', async () => {
      const { result, log } = await celeryRunsATask(project());
      expect(result.stdout.includes('result 5') ? 'result 5' : `${describeRun('shell', result)}\n${log}`).toBe('result 5');
      expect(log).toMatch(/Task core\.e2e_tasks\.add\[[\w-]+\] succeeded/);
    }, 300_000);

    test('Channels answers a websocket through the ASGI application on uvicorn workers (channels)', async () => {
      expect(await websocketEchoes(project())).toBe('echo ping');
    }, 300_000);
  },
});
