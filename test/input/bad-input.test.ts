/**
 * Issue 15's table of bad input: options, arguments, field specs, recorded state and the
 * environment. Each is refused with one line on stderr (anything it quotes escaped), a
 * non-zero exit, no stack trace, and the folder exactly as it was (hashed before and after).
 * The first row of each group runs the real bin (the process's exit code and stderr); the
 * others run its `main` in this process (generate-in-process.ts: the same parsing, checks
 * and failure line, without a node start-up per row).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderHash } from '../support/folder-hash.js';
import { generate } from '../support/generate.js';
import { generateInProcess } from '../support/generate-in-process.js';
import { memoryTempRoot } from '../support/memory-tmp.js';
import { repoRoot } from '../support/paths.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';

interface BadInput {
  /** `empty`: a fresh folder; `project`: a copy of a generated project with an app. */
  where: 'empty' | 'project';
  args: string[];
  message: RegExp;
  env?: Record<string, string>;
  prepare?: (dir: string) => void;
}

/** `text` matched literally inside a RegExp. */
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const dirs: string[] = [];
let fixture = '';

beforeAll(async () => {
  fixture = makeTempDir('bad-input-fixture', memoryTempRoot);
  dirs.push(fixture);
  const made = await generateInProcess(['--defaults', '--project-name', 'Bad Input', '--no-docker', '--deploy', 'none'], { cwd: fixture });
  expect(made.code).toBe(0);
  const app = await generateInProcess(['startapp', 'blog', '--model', 'PostItem title:str owner:fk=users.User', '--model', 'Tag name:str'], { cwd: fixture });
  expect(app.code).toBe(0);
}, 120_000);
afterAll(() => dirs.forEach(removeTempDir));

/** Edits the djangoflow record of .yo-rc.json. */
const record = (edit: (entry: Record<string, any>) => void) => (dir: string) => {
  const path = join(dir, '.yo-rc.json');
  const json = JSON.parse(readFileSync(path, 'utf8'));
  edit(json['generator-djangoflow']);
  writeFileSync(path, JSON.stringify(json, null, 2));
};
const rawRecord = (text: string) => (dir: string) => writeFileSync(join(dir, '.yo-rc.json'), text);

const option = (name: string, value: string, message: RegExp): BadInput => ({ where: 'empty', args: ['--defaults', `--${name}`, value], message });
const controls = ['\x01', '\x07', '\x08', '\t', '\n', '\r', '\x1b[31m', '\x7f', '\x85', '\x9b2J'];

const freeText: BadInput[] = ['project-name', 'description', 'author-name'].flatMap((name) => [
  ...controls.map((char) => option(name, `Acme${char}Shop`, /must not contain control characters \(found \\(x[0-9a-f]{2}|[tnr])\)/)),
  ...['\u202e', '\u2066', '\u200f'].map((char) => option(name, `Acme${char}evil${char}Shop`, /must not contain bidirectional control characters, .* \(found \\u(202e|2066|200f)\)/)),
  option(name, '', /must not be empty/),
  option(name, '   ', /must not be empty/),
  option(name, 'x'.repeat(201), /must be at most \d+ characters/),
]);

const answers: BadInput[] = [
  ...(
    [
      ['', 'must not be empty'],
      ...['1acme', 'Acme', 'a-b', 'café', 'a b', '../x'].map((slug) => [slug, 'must be a lowercase python identifier (a-z, 0-9, _; not starting with a digit)']),
      ['class', 'is a python keyword'],
      ...['django', 'faker', 'celery', 'os'].map((slug) => [slug, `would shadow the python module "${slug}" (stdlib, Django or a distribution the project installs)`]),
      ['df_x', 'would clash with DF module packages (df_*)'],
      ['_acme', 'must start with a letter (it names Kubernetes objects and images)'],
      ['acme_', 'must end with a letter or digit (it names Kubernetes objects and images)'],
      ['a__b', 'must not contain "__" (its kebab form names Kubernetes objects)'],
      ['a'.repeat(41), 'is 41 characters; at most 40 (it names Kubernetes namespaces and the database)'],
    ] as const
  ).map(([slug, rule]) => option('project-slug', slug, new RegExp(`^djangoflow: project slug ${slug ? `"${escapeRegExp(slug)}" ` : ''}${escapeRegExp(rule)}$`))),
  ...['Not A Domain', 'localhost', 'a..b.com', '-a.com', 'a.c', 'exa mple.com', 'EXAMPLE.COM'].map((value) =>
    option('domain', value, new RegExp(`^djangoflow: domain "${escapeRegExp(value)}" is not a lowercase domain name like example\\.com$`)),
  ),
  ...['x', 'a@b', '@b.com', 'a b@c.com', 'a@b@c.com', ''].map((value) =>
    option('author-email', value, new RegExp(`^djangoflow: author email "${escapeRegExp(value)}" is not a valid email address$`)),
  ),
  option('python-version', '3.9', /--python-version must be one of/),
  option('database', 'oracle', /--database must be one of/),
  option('api', 'soap', /--api "soap" is not valid: choose from drf, ninja, graphql \(comma-separated\), or none/),
  option('api', 'drf,drf', /--api names "drf" twice/),
  option('api', 'none,ninja', /--api "none" is not valid/),
  option('api', ' , ', /--api is empty/),
  option('cache', 'memcached', /--cache must be one of/),
  option('email', 'mandrill', /--email must be one of/),
  option('storage', 'ftp', /--storage must be one of/),
  option('ci', 'jenkins\x1b[2J', /--ci must be one of .*got "jenkins\\x1b\[2J"/),
  option('deploy', 'nomad', /--deploy must be one of/),
  option('license', 'GPL', /--license must be one of/),
  ...['Mars/Olympus', 'utc+1', 'Europe/Nowhere'].map((value) => option('timezone', value, /not an IANA time zone/)),
  ...['xx', 'en_US', 'EN', 'klingon', 'zz-zz', 'tlh'].map((value) => option('language-code', value, /language code/)),
];

const options: BadInput[] = [
  ...['--celery=maybe', '--celery=on', '--celery=y', '--sentry=2', '--asgi=', '--docker=TRUEISH', '--pre-commit=off', '--defaults=sometimes', '--force=x', '--dry-run=nope', '--verbose=-1'].map(
    (arg): BadInput => ({ where: 'empty', args: ['--defaults', arg], message: /takes yes, no, true, false, 1 or 0/ }),
  ),
  { where: 'empty', args: ['--defaults', '--no-celery=1'], message: /takes no value/ },
  { where: 'empty', args: ['--defaults', '--ci', 'github', '--ci=gitlab'], message: /--ci is given twice with different values/ },
  { where: 'empty', args: ['--defaults', '--celery', '--no-celery'], message: /--celery is given twice/ },
  { where: 'empty', args: ['--defaults', '--project-name', 'A', '--project-name', 'B'], message: /--project-name is given twice/ },
  { where: 'empty', args: ['--defaults', '--database', 'sqlite', '--database=mysql'], message: /--database is given twice/ },
  { where: 'empty', args: ['--defaults', '--bogus'], message: /unknown option --bogus/ },
  { where: 'empty', args: ['--defaults', '-x'], message: /unknown option -x/ },
  { where: 'empty', args: ['--defaults', '--projectname', 'X'], message: /unknown option --projectname/ },
  { where: 'empty', args: ['--defaults', '--\x1b[2J'], message: /unknown option --\\x1b\[2J/ },
  { where: 'empty', args: ['--defaults', 'foo'], message: /unexpected argument "foo"/ },
  { where: 'empty', args: ['frobnicate\x07'], message: /unknown command "frobnicate\\x07"/ },
  { where: 'empty', args: ['--defaults', '--ci'], message: /--ci needs a value/ },
  { where: 'empty', args: ['--defaults', '--celery', 'perhaps'], message: /unexpected argument "perhaps"/ },
  // A yes/no word after a yes/no option: refused with the accepted forms, for every command.
  ...[
    ['--defaults', '--celery', 'yes'],
    ['--defaults', '--sentry', 'false'],
    ['--defaults', '--no-docker', 'no'],
    ['--defaults', '--asgi', '1'],
    ['--defaults', '--pre-commit', 'OFF'],
    ['--defaults', 'on'],
    ['--defaults', '--force', 'true'],
    ['--defaults', '--dry-run', '0'],
  ].map((args): BadInput => {
    const flag = args.at(-2)!;
    const name = flag.replace(/^--(no-)?/, '');
    return { where: 'empty', args, message: new RegExp(`${flag} ${args.at(-1)}: a yes/no option .* give --${name}, --no-${name} or --${name}=yes\\|no$`) };
  }),
  { where: 'project', args: ['upgrade', '--check', 'no'], message: /--check no: a yes\/no option .*--check=yes\|no$/ },
  { where: 'project', args: ['upgrade', '--verbose', 'yes'], message: /--verbose yes: a yes\/no option/ },
  { where: 'project', args: ['plugin', 'cors', '--force', 'yes'], message: /--force yes: a yes\/no option/ },
  { where: 'project', args: ['plugin', '--list', 'true'], message: /--list true: a yes\/no option/ },
  // A plugin's own questions name their option and show the value escaped.
  { where: 'project', args: ['plugin', 'df-api-drf', '--df-api-namespace', 'v1\x1b[2J'], message: /^djangoflow: --df-api-namespace "v1\\x1b\[2J" is not valid: a version like v1 or v2/ },
  { where: 'project', args: ['plugin', 'allauth', '--allauth-providers', 'google,\u202eevil'], message: /^djangoflow: --allauth-providers "\\u202eevil" is not valid: choose from google/ },
  { where: 'project', args: ['plugin', 'allauth', '--allauth-providers', 'github,github'], message: /^djangoflow: --allauth-providers names "github" twice$/ },
  { where: 'project', args: ['plugin', 'cors', '--remove', 'no'], message: /--remove no: a yes\/no option/ },
  { where: 'project', args: ['startapp', 'news', '--dry-run', 'yes'], message: /--dry-run yes: a yes\/no option/ },
  // Found slipping through (issue 15's adversarial pass), refused since.
  { where: 'empty', args: ['-h', 'yes'], message: /^djangoflow: -h yes: a yes\/no option .* give --help, --no-help or --help=yes\|no$/ },
  { where: 'empty', args: ['--version', 'extra'], message: /--version takes nothing else; got "extra"/ },
  { where: 'empty', args: ['-v', '--defaults'], message: /-v takes nothing else; got "--defaults"/ },
  { where: 'empty', args: ['--defaults', '--ask='], message: /--ask "": no such question/ },
  { where: 'empty', args: ['--defaults', '--ask', '\x1b[2J'], message: /--ask "\\x1b\[2J": no such question/ },
  { where: 'project', args: ['model', 'blog', 'PostItem', '--remove-field', ''], message: /blog\.PostItem has no field ""/ },
  { where: 'project', args: ['model', 'blog', 'PostItem', '--remove-field='], message: /blog\.PostItem has no field ""/ },
  { where: 'project', args: ['model', '--from', ''], message: /--from needs a schema file/ },
  { where: 'project', args: ['model', 'blog', 'PostItem', '--from='], message: /--from needs a schema file/ },
  // Edges of the options: empty, huge (quoted cut short), negated, doubled.
  { where: 'empty', args: ['--no-defaults'], message: /no answer for --project-name; pass it, or --defaults/ },
  { where: 'empty', args: ['--defaults', '--no-defaults'], message: /--defaults is given twice with different values \(true and false\)/ },
  { where: 'empty', args: ['--defaults', '--help=maybe'], message: /--help takes yes, no, true, false, 1 or 0; got "maybe"/ },
  { where: 'empty', args: ['--defaults', '--project-name='], message: /project name must not be empty/ },
  { where: 'empty', args: ['--defaults', '--project-name', 'n'.repeat(100_000)], message: /project name must be at most 80 characters/ },
  { where: 'empty', args: ['--defaults', '--description', 'd'.repeat(100_000)], message: /description must be at most \d+ characters/ },
  { where: 'empty', args: ['--defaults', `--ci=${'x'.repeat(100_000)}`], message: /^djangoflow: --ci must be one of github, gitlab, none; got "x{120}…" \(100000 characters\)$/ },
  { where: 'empty', args: ['--defaults', '--timezone', `Europe/${'x'.repeat(50_000)}`], message: /^djangoflow: timezone "Europe\/x{113}…" \(50007 characters\) is not an IANA time zone/ },
  { where: 'empty', args: ['--defaults', `--${'x'.repeat(50_000)}`], message: /^djangoflow: unknown option --x{118}… \(50002 characters\); see djangoflow --help$/ },
  { where: 'empty', args: ['--defaults', 'z'.repeat(50_000)], message: /^djangoflow: unexpected argument "z{120}…" \(50000 characters\); run djangoflow inside/ },
  { where: 'project', args: ['upgrade', 'z'.repeat(50_000)], message: /^djangoflow: unexpected argument "z{120}…" \(50000 characters\)$/ },
  { where: 'project', args: ['startapp', 'a'.repeat(100_000)], message: /^djangoflow: app name "a{20}"\.\.\. is 100000 characters; at most 40/ },
  { where: 'project', args: ['model', 'blog', 'Tag', '--remove', 'yes'], message: /--remove yes: a yes\/no option/ },
  { where: 'project', args: ['adopt-app', '--force', 'yes'], message: /--force yes: a yes\/no option/ },
  { where: 'empty', args: ['ui', '--no-open', 'yes'], message: /--no-open yes: a yes\/no option .*--open=yes\|no$/ },
  { where: 'empty', args: ['startapp', 'blog'], message: /not a djangoflow project/ },
  { where: 'empty', args: ['upgrade'], message: /not a djangoflow project/ },
  { where: 'empty', args: ['plugin', 'celery'], message: /not a djangoflow project/ },
  { where: 'project', args: ['plugin', 'nope\x1b[0m'], message: /"nope\\x1b\[0m"/ },
  { where: 'project', args: ['plugin', '--remove', 'celery'], message: /celery/ },
];

const startapp = (name: string, models: string[], message: RegExp): BadInput => ({
  where: 'project',
  args: ['startapp', name, ...models.flatMap((model) => ['--model', model])],
  message,
});
const appNames: BadInput[] = [
  ['Blog', /lowercase python identifier/],
  ['1blog', /lowercase python identifier/],
  ['class', /python keyword/],
  ['faker', /would shadow the python module "faker"/],
  ['django', /would shadow/],
  ['users', /users/],
  ['core', /core/],
  ['os', /would shadow/],
  ['blog', /already has an app "blog"/],
  ['df_x', /DF module/],
  ['b-log', /lowercase python identifier/],
  ['blog\x1b[A', /app name "blog\\x1b\[A"/],
  ['a'.repeat(41), /at most 40/],
  ['a'.repeat(300), /at most 40/],
  ['rest_framework', /would shadow/],
].map(([name, message]) => startapp(name as string, [], message as RegExp));

const fieldSpecs: BadInput[] = [
  ['', /--model is empty/],
  ['   ', /--model is empty/],
  ['post', /CapWords/],
  ['Post title', /CapWords/],
  ['Post title:strr', /unknown type "strr"/],
  ['Post :str', /field name "" must be/],
  ['Post Title:str', /lowercase python identifier/],
  ['Post class:str', /python keyword/],
  ['Post id:str', /clashes with the Django model attribute/],
  ['Post objects:str', /clashes with the Django model attribute/],
  ['Post a__b:str', /must not end with "_" or contain "__"/],
  ['Post a_:str', /must not end with "_"/],
  ['Post x:fk', /needs a target model/],
  ['Post x:fk=nope.Model', /no app "nope"/],
  ['Post x:fk=users.Nope', /no model "Nope"/],
  ['Post x:str=users.User', /takes no "=target"/],
  ['Post x:fk=a.b.C', /must be app.Model/],
  ['User', /users\.User/],
  ['TestCase', /clashes with a class/],
  ['VersionAdmin', /clashes with a class/],
  ['NewsConfig', /clashes with a class/],
  ['Post Post', /given twice/],
  ['Post t:str t:str', /given twice/],
  [`M${'x'.repeat(93)}`, /at most 93 \(Django's permission codenames/],
  [`Post ${'f'.repeat(61)}:str`, /at most 60/],
  ['A b:fk=B B a:fk=A', /loop/],
  ['title:str', /comes before any model name/],
  ['Post get_title_display:str', /method Django adds/],
  ['Post save:str', /Django model attribute/],
  ['Post models:str', /import of models.py/],
  ['Post x:fk=\x1b]0;title\x07', /\\x1b\]0;title\\x07/],
  ['Tag news_posts:str Post tag:fk=Tag', /reverse name "news_posts" on news\.Tag: news\.Post\.tag clashes with the field news\.Tag\.news_posts; rename that field, a model or an app$/],
].map(([model, message]) => startapp('news', [model as string], message as RegExp));

const reverseClash: BadInput[] = [
  // blog.PostItem's relation to users.User is named blog_post_items; blog_post.Item's would be too.
  startapp('blog_post', ['Item owner:fk=users.User'], /reverse name "blog_post_items" on users\.User: blog_post\.Item\.owner clashes with blog\.PostItem\.owner; rename a model or an app$/),
  // The same rule, and message, for the model command and the record check (lib/model/reverse-names.ts).
  startapp('user', ['Permission owner:fk=users.User'], /reverse name "user_permissions" on users\.User: user\.Permission\.owner clashes with the field users\.User\.user_permissions/),
  { where: 'project', args: ['model', 'blog', 'PostItems', 'owner:o2o=users.User'], message: /reverse name "blog_post_items" on users\.User: blog\.PostItems\.owner clashes with blog\.PostItem\.owner; rename a model or an app$/ },
  {
    where: 'project',
    args: ['upgrade', '--defaults'],
    prepare: record((e) => {
      e.apps[0].models[0].fields.push({ name: 'blog_tags', type: 'str' });
      e.apps[0].models[1].fields.push({ name: 'post', type: 'fk', target: 'blog.PostItem' });
    }),
    message: /\.yo-rc\.json: apps\[0\]\.models\[1\]\.fields\[1\]: reverse name "blog_tags" on blog\.PostItem: blog\.Tag\.post clashes with the field blog\.PostItem\.blog_tags; rename that field, a model or an app; fix it/,
  },
  { where: 'project', args: ['startapp', 'news', 'extra'], message: /unexpected argument "extra"/ },
  { where: 'project', args: ['startapp', 'news', 'title:str'], message: /field "title:str" is not part of a --model/ },
  { where: 'project', args: ['startapp'], message: /startapp needs the app name/ },
  { where: 'project', args: ['startapp', 'news', '--model'], message: /--model needs a value/ },
];

const recorded = (prepare: (dir: string) => void, message: RegExp, args = ['upgrade', '--defaults']): BadInput => ({ where: 'project', args, message, prepare });
const state: BadInput[] = [
  recorded(rawRecord('{ not json'), /\.yo-rc\.json is not valid JSON/),
  recorded(rawRecord('{"generator-djangoflow": {"version": "0.1.0", "answers": null}}'), /no valid "generator-djangoflow" record/),
  recorded(rawRecord('{"generator-djangoflow": {"version": "0.1.0", "answers": []}}'), /no valid "generator-djangoflow" record/),
  recorded(rawRecord('{"generator-djangoflow": {"answers": {}}}'), /no valid "generator-djangoflow" record/),
  recorded(record((e) => (e.version = 'abc')), /\.yo-rc\.json: version: "abc" is not a version/),
  recorded(record((e) => (e.version = '99.0.0')), /newer than this/),
  recorded(record((e) => (e.apps = {})), /\.yo-rc\.json: apps: must be a list/),
  recorded(record((e) => (e.plugins = 'celery')), /\.yo-rc\.json: plugins: must be a list/),
  recorded(record((e) => (e.answers.projectName = 'Acme\x1b[2J')), /\.yo-rc\.json: answers\.projectName: project name must not contain control characters \(found \\x1b\)/),
  recorded(record((e) => (e.answers.projectName = 5)), /answers\.projectName: must be a text/),
  recorded(record((e) => (e.answers.celery = 'maybe')), /answers\.celery: --celery expects yes, no/),
  recorded(record((e) => (e.answers.celery = null)), /answers\.celery: must be a text or true\/false, not null/),
  recorded(record((e) => (e.answers.ci = 'jenkins')), /answers\.ci: --ci must be one of/),
  recorded(record((e) => (e.answers.projectSlug = 'os')), /answers\.projectSlug: project slug "os" would shadow/),
  recorded(record((e) => (e.answers.projectSlug = 'x; import os')), /answers\.projectSlug: project slug "x; import os"/),
  recorded(record((e) => (e.answers.bogus = 'x')), /answers\.bogus: no question is named "bogus"/),
  recorded(record((e) => (e.answers['pyList'] = 'x')), /answers\.pyList: no question/),
  recorded(record((e) => (e.answers.languageCode = 'xx')), /answers\.languageCode: language code "xx"/),
  recorded(record((e) => (e.answers.domain = 'evil.com"; import os; "')), /answers\.domain: domain/),
  recorded(record((e) => (e.answers.authorEmail = 'x"@y.com')), /answers\.authorEmail: author email/),
  recorded(record((e) => (e.apps[0] = 'blog')), /apps\[0\]: must be an object/),
  recorded(record((e) => (e.extra = { note: 'x' })), /^djangoflow: \.yo-rc\.json: extra: the record takes no key "extra" \(it takes version, answers, apps, plugins\)/),
  recorded(record((e) => (e['\x1b[2J'] = 1)), /\.yo-rc\.json: \\x1b\[2J: the record takes no key "\\x1b\[2J"/),
  recorded(record((e) => (e.apps[0].bogus = 1)), /apps\[0\]\.bogus: apps take no setting "bogus" \(they take name, models, adopted\)/),
  recorded(record((e) => (e.apps[0].models[0].verbose = 'x')), /apps\[0\]\.models\[0\]\.verbose: models take no setting "verbose"/),
  recorded(record((e) => (e.apps[0].models[0].fields[0].blank = true)), /fields\[0\]\.blank: fields take no setting "blank" \(they take name, type, target/),
  recorded(record((e) => (e.apps[0].models[0].fields[0]['__proto__x'] = 'os.system')), /fields\[0\]\.__proto__x: fields take no setting/),
  recorded(record((e) => (e.apps[0].name = 'os')), /apps\[0\]\.name: app name "os" would shadow/),
  recorded(record((e) => (e.apps[0].name = '__import__("os")')), /apps\[0\]\.name: app name/),
  recorded(record((e) => (e.apps[0].name = 'users')), /apps\[0\]\.name: .*users/),
  recorded(record((e) => (e.apps[0].name = 42)), /apps\[0\]\.name: must be a text/),
  recorded(record((e) => (e.apps[0].models = {})), /apps\[0\]\.models: must be a list/),
  recorded(record((e) => (e.apps[0].models[0].name = 'post')), /apps\[0\]\.models\[0\]\.name: model name "post"/),
  recorded(record((e) => (e.apps[0].models[0].name = 'X(); import os')), /apps\[0\]\.models\[0\]\.name: model name/),
  recorded(record((e) => (e.apps[0].models[0].fields = null)), /apps\[0\]\.models\[0\]\.fields: must be a list/),
  recorded(record((e) => (e.apps[0].models[0].fields[0].name = 'class')), /fields\[0\]\.name: field name "class" is a python keyword/),
  recorded(record((e) => (e.apps[0].models[0].fields[0].name = 'a); import os; (')), /fields\[0\]\.name: field name/),
  recorded(record((e) => (e.apps[0].models[0].fields[0].type = 'eval')), /fields\[0\]\.type: unknown field type "eval"/),
  recorded(record((e) => (e.apps[0].models[0].fields[0].type = 'constructor')), /fields\[0\]\.type: unknown field type "constructor"/),
  recorded(record((e) => (e.apps[0].models[0].fields[1].target = 'x')), /fields\[1\]\.target: must be app.Model/),
  recorded(record((e) => (e.apps[0].models[0].fields[1].target = 'users.Nope')), /fields\[1\]\.target: users.Nope is not a model of the project/),
  recorded(record((e) => (e.apps[0].models[0].fields[0].target = 'users.User')), /fields\[0\]\.target: type "str" takes no target/),
  recorded(record((e) => e.apps[0].models[0].fields.push({ name: 'title', type: 'str' })), /fields: field "title" is given twice/),
  recorded(record((e) => e.apps.push(e.apps[0])), /apps: app "blog" is recorded twice/),
  recorded(record((e) => (e.plugins = ['nope'])), /plugins\[0\]: "nope" is not a plugin/),
  recorded(record((e) => (e.apps[0].models[1].name = 'TestCase')), /apps\[0\]\.models: model name "TestCase" clashes with a class/),
  recorded(record((e) => (e.apps[0].models[1].name = 'User')), /apps\[0\]\.models: model name "User"/),
  recorded(record((e) => (e.plugins = [5])), /plugins\[0\]: it is not a plugin/),
  // A field's settings by the field language's rules: nothing the command line refuses, no code.
  recorded(record((e) => (e.apps[0].models[0].fields[0].maxLength = '1) ; import os #')), /fields\[0\]\.maxLength: must be a whole number/),
  recorded(record((e) => (e.apps[0].models[0].fields[0].maxLength = 0)), /fields\[0\]: field "title:str:0" of PostItem: max length 0 is not between 1 and 10000/),
  recorded(record((e) => (e.apps[0].models[0].fields[0].maxLength = 1e9)), /max length 1000000000 is not between 1 and 10000/),
  recorded(record((e) => (e.apps[0].models[0].fields[0].default = 'a:b')), /fields\[0\]: field "title:str:default=a:b" of PostItem: unknown modifier "b"/),
  recorded(record((e) => (e.apps[0].models[0].fields[0].optional = 'yes')), /fields\[0\]\.optional: must be true, or left out/),
  recorded(record((e) => (e.apps[0].models[0].fields[0].unique = 1)), /fields\[0\]\.unique: must be true, or left out/),
  recorded(record((e) => (e.apps[0].models[0].fields[0].default = 7)), /fields\[0\]\.default: must be a text/),
  recorded(record((e) => Object.assign(e.apps[0].models[0].fields[0], { type: 'int', default: '1+__import__("os")' })), /default "1\+__import__\("os"\)" is not a number \(int\)/),
  recorded(record((e) => Object.assign(e.apps[0].models[0].fields[0], { type: 'choice', choices: 'draft' })), /fields\[0\]\.choices: must be a list of texts/),
  recorded(record((e) => Object.assign(e.apps[0].models[0].fields[0], { type: 'choice', choices: ['a"); import os; ("'] })), /choices are letters, digits/),
  recorded(record((e) => Object.assign(e.apps[0].models[0].fields[0], { type: 'choice', choices: ['a', 'a'] })), /a choice is given twice/),
  recorded(record((e) => (e.apps[0].models[0].fields[0].choices = ['a'])), /type "str" takes no "=target"/),
  recorded(record((e) => (e.apps[0].adopted = 'yes')), /apps\[0\]\.adopted: must be true, or left out/),
  recorded(record((e) => (e.answers.projectName = 'A\u0000B')), /answers\.projectName: project name must not contain control characters \(found \\x00\)/),
  recorded(record((e) => (e.answers.description = 'd'.repeat(1_000_000))), /answers\.description: description must be at most \d+ characters/),
  recorded(record((e) => (e.answers.celery = 'maybe')), /answers\.celery/, ['--defaults']),
  recorded(record((e) => (e.apps[0].name = 'os')), /apps\[0\]\.name/, ['startapp', 'news']),
  recorded(record((e) => (e.plugins = ['nope'])), /plugins\[0\]/, ['plugin', 'celery']),
  recorded((dir) => { rmSync(join(dir, '.yo-rc.json')); mkdirSync(join(dir, '.yo-rc.json')); }, /^djangoflow: \.yo-rc\.json is a directory in your project, but the template has a file there$/),
];

const environment: BadInput[] = [
  { where: 'empty', args: ['--defaults'], env: { DJANGOFLOW_TEMPLATES: '/nonexistent/templates' }, message: /template folder "\/nonexistent\/templates" is missing/ },
  { where: 'empty', args: ['--defaults'], env: { DJANGOFLOW_TEMPLATES: '/etc/hostname' }, message: /template folder .* is missing/ },
  { where: 'project', args: ['upgrade', '--defaults'], env: { DJANGOFLOW_TEMPLATES: '/tmp' }, message: /template folder "\/tmp" is missing/ },
  { where: 'empty', args: ['--defaults'], env: { DJANGOFLOW_TEMPLATES: `/tmp/${'a'.repeat(300)}` }, message: /template folder .* is missing/ },
  {
    where: 'empty',
    args: ['--defaults', '--force'],
    prepare: (dir) => writeFileSync(join(dir, '.djangoflow'), 'not a folder'),
    message: /^djangoflow: \.djangoflow is a file, but the template has a folder there: move it away, then run again$/,
  },
  {
    where: 'project',
    args: ['upgrade', '--defaults'],
    prepare: (dir) => {
      rmSync(join(dir, '.djangoflow'), { recursive: true });
      writeFileSync(join(dir, '.djangoflow'), 'not a folder');
    },
    message: /^djangoflow: \.djangoflow is a file, but the template has a folder there: move it away, then run again$/,
  },
];

const groups: BadInput[][] = [freeText, answers, options, appNames, fieldSpecs, reverseClash, state, environment];
const table: BadInput[] = groups.flat();
/** Each group's first row through the real bin, the rest through its main in this process. */
const runner = (input: BadInput) => (groups.some((group) => group[0] === input) ? generate : generateInProcess);

test('the table holds at least 150 bad inputs', () => {
  expect(table.length).toBeGreaterThanOrEqual(150);
});

// Each row is its own folder, in memory (support/memory-tmp.ts: some 170 copies of the
// fixture, hashed twice each). One after another: the rows through main run in this process
// (one at a time in any case, and never from concurrent tests: generate-in-process.ts).
test.each(
  table.map((input) => [`${runner(input) === generate ? 'bin ' : ''}${JSON.stringify(input.args).slice(0, 80)} → ${input.message.source.slice(0, 70)}`, input] as const),
)(
  '%s: is refused with one line, no trace, the folder unchanged',
  async (_, input) => {
    const dir = makeTempDir('bad-input', memoryTempRoot);
    dirs.push(dir);
    if (input.where === 'project') cpSync(fixture, dir, { recursive: true });
    input.prepare?.(dir);
    const before = folderHash(dir);
    const result = await runner(input)(input.args, { cwd: dir, env: input.env });
    expect(result.code).not.toBe(0);
    expect(result.stderr.endsWith('\n')).toBe(true);
    const lines = result.stderr.slice(0, -1).split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^djangoflow: /);
    expect(lines[0]).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
    expect(lines[0]).not.toMatch(/internal error|\bat .*:\d+:\d+/);
    expect(lines[0]).toMatch(input.message);
    expect(folderHash(dir)).toBe(before);
    removeTempDir(dir);
  },
  60_000,
);

describe('an internal error', () => {
  test('prints one line naming the file that holds the details, never the trace', async () => {
    // A template set with a template EJS cannot compile: the generator's fault, not the input's.
    const templates = makeTempDir('broken-templates');
    dirs.push(templates);
    cpSync(join(repoRoot, 'templates'), templates, { recursive: true });
    writeFileSync(join(templates, 'project', 'broken.txt.ejs'), '<% foo( %>\n');
    const dir = makeTempDir('internal-error');
    dirs.push(dir);
    const before = folderHash(dir);
    const result = await generate(['--defaults'], { cwd: dir, env: { DJANGOFLOW_TEMPLATES: templates } });
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const match = /^djangoflow: internal error: .*\(details in (\S+\.log); please report it\)$/.exec(lines[0]!);
    expect(match).not.toBeNull();
    expect(existsSync(match![1]!)).toBe(true);
    expect(readFileSync(match![1]!, 'utf8')).toMatch(/\n\s+at /);
    rmSync(match![1]!);
    expect(folderHash(dir)).toBe(before);
  }, 60_000);
});
