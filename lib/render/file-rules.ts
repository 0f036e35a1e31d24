/**
 * Which optional files are generated, as data: a path prefix under templates/project/ (or
 * templates/app/, with its `__app__` and `__model__` segments) and the condition on the render that includes
 * it. Paths not matched by any rule are always generated; the longest matching prefix wins.
 * To find the templates a question controls, search this table for the question's name.
 */
import { apiStylePlugins } from '../plugins/manifest.js';
import type { AnswerValue } from '../questions/question.js';
import type { ModelView } from './app-data.js';
import type { AppInfo, RenderContext } from './context.js';

/** Every part given must hold. */
export interface Condition {
  /** Answers (what the active plugins imply included) that must be these values (a list: one of them). */
  answers?: Record<string, AnswerValue | readonly AnswerValue[]>;
  /** Answers that must not be these values. */
  not?: Record<string, AnswerValue>;
  /** Plugins that must be active. */
  plugins?: string[];
  /** At least one of these plugins must be active. */
  anyPlugins?: string[];
  /** Plugins that must not be active. */
  withoutPlugins?: string[];
  /** Facts of the app being rendered (templates/app/ only). */
  app?: ('hasApi' | 'hasModels' | 'hasPages')[];
  /** Facts of the model a `__model__` template is rendered for. */
  model?: 'hasPages'[];
}

export interface FileRule {
  prefix: string;
  when: Condition;
}

const docker: Condition = { answers: { docker: true } };
const kubernetes: Condition = { answers: { deploy: 'kubernetes' } };


export const projectFileRules: FileRule[] = [
  { prefix: '.github/', when: { answers: { ci: 'github' } } },
  { prefix: '.gitlab-ci.yml', when: { answers: { ci: 'gitlab' } } },
  { prefix: 'renovate.json', when: { answers: { ci: 'gitlab' } } },
  // The one-click deploy of a --cloud stack (the cloud needs the manifests and the images).
  { prefix: '.github/workflows/deploy.yml', when: { answers: { ci: 'github', deploy: 'kubernetes', docker: true }, not: { cloud: 'none' } } },
  { prefix: '.pre-commit-config.yaml', when: { answers: { preCommit: true } } },
  { prefix: 'base/Dockerfile', when: docker },
  { prefix: 'src/Dockerfile', when: docker },
  { prefix: '.dockerignore', when: docker },
  { prefix: 'docker-compose.yml', when: docker },
  { prefix: 'tools/build-images', when: docker },
  { prefix: 'deploy/kubernetes/', when: kubernetes },
  // The longest prefix wins: these repeat the deploy condition.
  { prefix: 'deploy/kubernetes/base/api.yaml', when: { ...kubernetes, anyPlugins: apiStylePlugins } },
  { prefix: 'deploy/kubernetes/base/worker.yaml', when: { ...kubernetes, plugins: ['celery'] } },
  { prefix: 'deploy/kubernetes/base/beat.yaml', when: { ...kubernetes, plugins: ['celery'] } },
  // The api deployment (config/api/): whichever API styles are on.
  { prefix: 'src/config/api/', when: { anyPlugins: apiStylePlugins } },
  // The ASGI server's access log (uvicorn workers): WSGI's is gunicorn's own.
  { prefix: 'src/config/access_log.py', when: { answers: { asgi: true } } },
  // --cloud: the Terraform stacks of one cloud and the Kubernetes overlays that read their
  // outputs; the module's Redis (the cache, the Celery broker) and media bucket follow
  // their answers (the storage answer naming this cloud's bucket).
  ...(
    [
      ['gcp', 'gcs'],
      ['aws', 's3'],
      ['azure', 'azure'],
    ] as const
  ).flatMap(([cloud, storage]) => [
    { prefix: `deploy/terraform/${cloud}/`, when: { answers: { ...kubernetes.answers, cloud } } },
    { prefix: `deploy/kubernetes/overlays/${cloud}-`, when: { answers: { ...kubernetes.answers, cloud } } },
    { prefix: `deploy/terraform/${cloud}/modules/environment/cache.tf`, when: { answers: { ...kubernetes.answers, cloud }, plugins: ['redis'] } },
    { prefix: `deploy/terraform/${cloud}/modules/environment/bucket.tf`, when: { answers: { ...kubernetes.answers, cloud, storage } } },
  ]),
  { prefix: 'deploy/terraform/', when: { ...kubernetes, not: { cloud: 'none' } } },
  // --editor: the shared settings of PyCharm/IntelliJ and of VS Code.
  { prefix: '.idea/', when: { answers: { editor: ['pycharm', 'both'] } } },
  { prefix: '.idea/runConfigurations/celery_worker.xml', when: { answers: { editor: ['pycharm', 'both'] }, plugins: ['celery'] } },
  { prefix: '.vscode/', when: { answers: { editor: ['vscode', 'both'] } } },
  { prefix: 'LICENSE', when: { not: { license: 'proprietary' } } },
  // The project's own sign-in pages, unless a plugin serves web sign-in (core.yaml webSignIn).
  { prefix: 'src/templates/registration/', when: { withoutPlugins: ['allauth'] } },
  { prefix: 'src/apps/users/urls.py', when: { withoutPlugins: ['allauth'] } },
  { prefix: 'src/apps/users/tests/test_signin.py', when: { withoutPlugins: ['allauth'] } },
  // users.User.phone_number: SMS through Twilio (df-auth's SMS one-time passwords find users by it).
  { prefix: 'src/apps/users/migrations/0002_user_phone_number.py', when: { plugins: ['twilio'] } },
  // Plugins' files (the same table): df-auth's phone-number field of the twilio plugin's sms app.
  { prefix: 'src/apps/sms/fields.py', when: { plugins: ['twilio', 'df-auth'] } },
];

/** The files of templates/app/ an app gets; `app` in the context is the app being rendered. */
export const appFileRules: FileRule[] = [
  // Each API style's code per app, and its tests over HTTP.
  { prefix: 'src/apps/__app__/drf/', when: { app: ['hasApi'], plugins: ['drf'] } },
  { prefix: 'src/apps/__app__/tests/test_api.py', when: { app: ['hasApi', 'hasModels'], plugins: ['drf'] } },
  { prefix: 'src/apps/__app__/ninja/', when: { app: ['hasApi', 'hasModels'], plugins: ['ninja'] } },
  { prefix: 'src/apps/__app__/tests/test_ninja_api.py', when: { app: ['hasApi', 'hasModels'], plugins: ['ninja'] } },
  { prefix: 'src/apps/__app__/graphql/', when: { app: ['hasApi', 'hasModels'], plugins: ['graphql'] } },
  { prefix: 'src/apps/__app__/tests/test_graphql_api.py', when: { app: ['hasApi', 'hasModels'], plugins: ['graphql'] } },
  { prefix: 'src/apps/__app__/tests/test_models.py', when: { app: ['hasModels'] } },
  { prefix: 'src/apps/__app__/tests/test_admin.py', when: { app: ['hasModels'] } },
  { prefix: 'src/apps/__app__/forms.py', when: { app: ['hasPages'] } },
  // `__model__` files: once per model of the app, these for the models with pages only.
  { prefix: 'src/apps/__app__/templates/__app__/__model__', when: { model: ['hasPages'] } },
  { prefix: 'src/apps/__app__/tests/test___model___pages.py', when: { model: ['hasPages'] } },
];

const appFacts = {
  hasApi: (app: AppInfo) => app.hasApi,
  hasModels: (app: AppInfo) => (app.spec?.models.length ?? 0) > 0,
  hasPages: (app: AppInfo) => Boolean(app.spec?.models.some((model) => model.pages)),
};

const modelFacts = {
  hasPages: (model: ModelView) => Boolean(model.pages),
};

function holds(condition: Condition, context: RenderContext): boolean {
  const app = context.app as AppInfo | undefined;
  const model = context.model as ModelView | undefined;
  return (
    Object.entries(condition.answers ?? {}).every(([name, value]) => [value].flat().includes(context[name] as AnswerValue)) &&
    Object.entries(condition.not ?? {}).every(([name, value]) => context[name] !== value) &&
    (condition.plugins ?? []).every((plugin) => context.has(plugin)) &&
    (!condition.anyPlugins || condition.anyPlugins.some((plugin) => context.has(plugin))) &&
    (condition.withoutPlugins ?? []).every((plugin) => !context.has(plugin)) &&
    (condition.app ?? []).every((fact) => Boolean(app && appFacts[fact](app))) &&
    (condition.model ?? []).every((fact) => Boolean(model && modelFacts[fact](model)))
  );
}

/** Whether the template at `path` is generated under `rules`. */
export function included(path: string, rules: readonly FileRule[], context: RenderContext): boolean {
  const rule = rules
    .filter((r) => path === r.prefix || path.startsWith(r.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  return rule ? holds(rule.when, context) : true;
}
