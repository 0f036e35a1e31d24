import { resolveAnswers } from '../../lib/questions/answers.js';
import { questionGroups, questions } from '../../lib/questions/table.js';
import { coerceAnswer, defaultFor, optionName } from '../../lib/questions/question.js';

const required = [
  'project-name', 'project-slug', 'description', 'author-name', 'author-email', 'domain', 'python-version',
  'database', 'api', 'asgi', 'celery', 'cache', 'email', 'storage', 'sentry', 'ci', 'pre-commit', 'docker',
  'license', 'timezone',
];

describe('question table', () => {
  it('puts every question in one of the page\'s groups, each group used', () => {
    for (const question of questions) expect([question.name, questionGroups.includes(question.group)]).toEqual([question.name, true]);
    expect(new Set(questions.map((q) => q.group))).toEqual(new Set(questionGroups));
    const group = (name: string) => questions.find((q) => q.name === name)?.group;
    expect([group('projectSlug'), group('database'), group('celery'), group('docker')]).toEqual(['identity', 'stack', 'services', 'delivery']);
  });

  it('has every question the generator promises, each with a kebab-case option', () => {
    const options = questions.map(optionName);
    for (const option of required) expect(options).toContain(option);
    for (const option of options) expect(option).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(new Set(options).size).toBe(options.length);
  });

  it('has a message, a description and a valid default for every question', async () => {
    const answers = await resolveAnswers({ given: {}, useDefaults: true });
    for (const question of questions) {
      expect(question.message).not.toBe('');
      expect(question.description).not.toBe('');
      const result = coerceAnswer(question, defaultFor(question, answers), answers);
      expect(result).toEqual({ value: answers[question.name] });
    }
  });

  it('lists defaults among the choices', async () => {
    const answers = await resolveAnswers({ given: {}, useDefaults: true });
    for (const question of questions.filter((q) => q.choices)) {
      expect(question.choices!.map((c) => c.value)).toContain(defaultFor(question, answers));
    }
  });
});

describe('resolveAnswers', () => {
  it('derives the slug, domain and email from the name', async () => {
    const answers = await resolveAnswers({ given: { projectName: 'Acme Shop' }, useDefaults: true });
    expect(answers).toMatchObject({
      projectSlug: 'acme_shop',
      domain: 'acme-shop.example.com',
      authorEmail: 'dev@acme-shop.example.com',
      database: 'postgresql',
      ci: 'github',
      celery: false,
    });
  });

  it('prefers the command line over recorded answers, and recorded answers over defaults', async () => {
    const answers = await resolveAnswers({
      given: { ci: 'gitlab' },
      recorded: { projectName: 'Acme Shop', projectSlug: 'acme', ci: 'github', celery: true },
      useDefaults: true,
    });
    expect(answers).toMatchObject({ projectSlug: 'acme', ci: 'gitlab', celery: true });
  });

  it('asks only what is neither given nor recorded', async () => {
    const asked: string[] = [];
    await resolveAnswers({
      given: { projectName: 'Acme Shop' },
      recorded: { ci: 'none' },
      useDefaults: false,
      prompter: async (question, defaultValue) => {
        asked.push(question.name);
        return defaultValue;
      },
    });
    expect(asked).not.toContain('projectName');
    expect(asked).not.toContain('ci');
    expect(asked).toContain('database');
  });

  it.each([
    [{ projectSlug: '1acme' }, /--project-slug|lowercase python identifier/],
    [{ projectSlug: 'class' }, /keyword/],
    [{ projectName: '' }, /project name must not be empty/],
    [{ projectName: 'Acme\u0007Shop' }, /must not contain control characters \(found \\x07\)/],
    [{ projectName: 'Acme\u0085Shop' }, /must not contain control characters \(found \\x85\)/],
    [{ languageCode: 'xx-yy' }, /not a language Django ships/],
    [{ projectSlug: 'acme_' }, /must end with a letter or digit/],
    [{ projectSlug: `a${'b'.repeat(40)}` }, /at most 40/],
    [{ ci: 'jenkins-of-doom' }, /--ci must be one of github, gitlab, none; got "jenkins-of-doom"/],
    [{ authorEmail: 'not-an-email' }, /not a valid email/],
    [{ domain: 'Not A Domain' }, /not a lowercase domain/],
    [{ timezone: 'Mars/Olympus' }, /not an IANA time zone/],
    [{ celery: 'maybe' }, /--celery expects yes, no, true, false, 1 or 0/],
    [{ celery: 'on' }, /--celery expects yes, no/],
    [{ bogus: 'x' }, /unknown option --bogus/],
  ])('refuses %j', async (given, message) => {
    await expect(resolveAnswers({ given, useDefaults: true })).rejects.toThrow(message);
  });

  it('derives a valid slug from any name: reserved, long, digits first, no ASCII word', async () => {
    for (const [projectName, slug] of [
      ['Django', 'django_project'],
      ['"The best" {{ shop }}', 'the_best_shop'],
      ['2048 Games', 'project_2048_games'],
      ['🎉 שלום', 'project'],
      ['Very long words '.repeat(5), 'very_long_words_very_long_words_very'],
    ]) {
      expect((await resolveAnswers({ given: { projectName }, useDefaults: true })).projectSlug).toBe(slug);
    }
  });

  it('takes any printable text as the name, the description and the author', async () => {
    const text = 'The "best" `shop` $5 <3 {{ x }} \\ a, b: c@d \u2028 שלום 🎉';
    const answers = await resolveAnswers({ given: { projectName: text, description: text, authorName: text }, useDefaults: true });
    expect(answers).toMatchObject({ projectName: text, description: text, authorName: text });
  });

  it('gives a SQLite project no Kubernetes manifests, and refuses them with one line', async () => {
    const sqlite = await resolveAnswers({ given: { projectName: 'Pocket', database: 'sqlite' }, useDefaults: true });
    expect(sqlite.deploy).toBe('none');
    await expect(
      resolveAnswers({ given: { projectName: 'Pocket', database: 'sqlite', deploy: 'kubernetes' }, useDefaults: true }),
    ).rejects.toThrow(/^--deploy kubernetes needs a database server \(SQLite is a file in one pod\); pass --database postgresql or mysql, or --deploy none$/);
    const served = await resolveAnswers({ given: { projectName: 'Pocket', database: 'mysql', deploy: 'kubernetes' }, useDefaults: true });
    expect(served.deploy).toBe('kubernetes');
  });

    it('fails without a prompter when an answer is missing', async () => {
    await expect(resolveAnswers({ given: {}, useDefaults: false })).rejects.toThrow(/no answer for --project-name/);
  });
});
