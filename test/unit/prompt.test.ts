/** The prompt loop both shells ask through: intro once, refused answers asked again with the default kept. */
import { askingPrompter, promptIntro } from '../../cli/prompt.js';
import { resolveAnswers } from '../../lib/questions/answers.js';
import { findQuestion } from '../../lib/questions/table.js';

/** A scripted user: answers in order; records every question as it was put. */
function scripted(replies: unknown[]) {
  const asked: Array<{ message: string; default: unknown; type: string }> = [];
  const said: string[] = [];
  const prompter = askingPrompter(
    async (question) => {
      asked.push(question as never);
      if (!replies.length) throw new Error(`no reply left for ${JSON.stringify(question)}; said: ${said.join(' | ')}`);
      const reply = replies.shift();
      // As inquirer does: an empty answer is the default.
      return reply === '' ? (question as { default: unknown }).default : reply;
    },
    (line) => said.push(line),
  );
  return { prompter, asked, said };
}

test('a yes/no question refuses "maybe", asks again, and takes yes', async () => {
  const { prompter, asked, said } = scripted(['maybe', 'yes']);
  const answers = await resolveAnswers({
    given: { projectName: 'Acme Shop' },
    useDefaults: false,
    prompter,
    questions: [findQuestion('projectName')!, findQuestion('sentry')!],
  });
  expect(answers.sentry).toBe(true);
  expect(asked).toHaveLength(2);
  expect(asked[0]).toMatchObject({ type: 'input', default: 'yes', message: expect.stringMatching(/\(yes\/no\)$/) });
  expect(asked[1]).toEqual(asked[0]);
  expect(said).toEqual([promptIntro, expect.stringMatching(/expects yes, no, .*got "maybe"; try again$/)]);
});

test('after a refused value the default is offered again, and Enter takes it', async () => {
  const { prompter, asked, said } = scripted(['1acme', '']);
  const answers = await resolveAnswers({
    given: { projectName: 'Acme Shop' },
    useDefaults: false,
    prompter,
    questions: [findQuestion('projectName')!, findQuestion('projectSlug')!],
  });
  expect(answers.projectSlug).toBe('acme_shop');
  expect(asked.map((q) => q.default)).toEqual(['acme_shop', 'acme_shop']);
  expect(said.filter((line) => line === promptIntro)).toHaveLength(1);
  expect(said[1]).toMatch(/^project slug "1acme" must be a lowercase python identifier.*; try again$/);
});

test('--ask re-asks one answered question, its answer on record the default; the rest stay', async () => {
  const table = [findQuestion('projectName')!, findQuestion('database')!, findQuestion('sentry')!];
  const recorded = { projectName: 'Acme Shop', database: 'postgresql', sentry: false };
  const keep = scripted(['']);
  const kept = await resolveAnswers({ given: {}, recorded, useDefaults: false, prompter: keep.prompter, questions: table, reask: new Set(['database']) });
  expect(kept).toEqual(recorded);
  expect(keep.asked).toEqual([expect.objectContaining({ message: expect.stringMatching(/database/i), default: 'postgresql' })]);

  const change = scripted(['sqlite']);
  const changed = await resolveAnswers({ given: {}, recorded, useDefaults: false, prompter: change.prompter, questions: table, reask: new Set(['database']) });
  expect(changed).toEqual({ ...recorded, database: 'sqlite' });
});

describe('a refused answer is echoed escaped, as one-line errors are', () => {
  const hostile = ['Acme\x1b[31mRed', 'Acme\u2028Next', 'Acme\nShop', 'Acme\r\x1b[2J', '\u202eemca', 'Acme\x85\x9b2J'];
  const raw = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

  test.each(hostile)('a message quoting %j, by any rule, shows it escaped', async (answer) => {
    const { prompter, said } = scripted([answer, 'ok']);
    // A rule that echoes the answer as it came: the escaping must not depend on the rule.
    const value = await prompter(findQuestion('description')!, 'x', (reply) => (reply === 'ok' ? true : `not accepted: ${String(reply)}`));
    expect(value).toBe('ok');
    expect(said[1]).toMatch(/^not accepted: .*; try again$/);
    expect(said[1]).not.toMatch(raw);
  });

  test.each(['projectName', 'projectSlug', 'domain', 'authorEmail', 'timezone', 'languageCode', 'sentry'])(
    'the %s question refuses an answer with \\x1b[31m and a line separator, echoing it escaped',
    async (name) => {
      const { prompter, said } = scripted(['Acme\x1b[31m\u2028Shop', name === 'projectName' ? 'Acme Shop' : '']);
      const given: Record<string, unknown> = { projectName: 'Acme Shop', domain: 'acme.com' };
      delete given[name];
      const table = [...new Set(['projectName', 'domain', name])].map((question) => findQuestion(question)!);
      await resolveAnswers({ given, useDefaults: false, prompter, questions: table });
      const refusal = said.find((line) => line.endsWith('; try again'))!;
      expect(refusal).toBeDefined();
      expect(refusal).not.toMatch(raw);
      if (refusal.includes('Acme')) expect(refusal).toMatch(/\\x1b\[31m\\u2028/);
    },
  );
});

test('a yes/no question takes y and n (any case, spaces around)', async () => {
  for (const [reply, value] of [['y', true], [' N ', false], ['Y', true], ['n', false]] as const) {
    const { prompter, said } = scripted([reply]);
    const answers = await resolveAnswers({ given: {}, useDefaults: false, prompter, questions: [findQuestion('sentry')!] });
    expect({ reply, value: answers.sentry }).toEqual({ reply, value });
    expect(said).toEqual([promptIntro]);
  }
});

test('--ask offers only the choices the other recorded answers allow (no SQLite while deploy is kubernetes)', async () => {
  const offered: unknown[] = [];
  const recorded = { database: 'postgresql', deploy: 'kubernetes' };
  const questions = [findQuestion('database')!, findQuestion('deploy')!];
  const answers = await resolveAnswers({
    given: {},
    recorded,
    useDefaults: false,
    reask: new Set(['database']),
    prompter: async (question, defaultValue) => {
      offered.push(question.choices!.map((c) => c.value));
      return defaultValue;
    },
    questions,
  });
  expect(offered).toEqual([['postgresql', 'mysql']]);
  expect(answers).toEqual(recorded);
  // With deploy none every database is offered.
  offered.length = 0;
  await resolveAnswers({
    given: {},
    recorded: { database: 'postgresql', deploy: 'none' },
    useDefaults: false,
    reask: new Set(['database']),
    prompter: async (question, defaultValue) => {
      offered.push(question.choices!.map((c) => c.value));
      return defaultValue;
    },
    questions,
  });
  expect(offered).toEqual([['postgresql', 'mysql', 'sqlite']]);
});
