/** The prompt loop both shells ask through: intro once, refused answers asked again with the default kept. */
import { askingPrompter, promptIntro } from '../../cli/prompt.js';
import { resolveAnswers } from '../../lib/answers.js';
import { findQuestion } from '../../lib/questions.js';

/** A scripted user: answers in order; records every question as it was put. */
function scripted(replies: unknown[]) {
  const asked: Array<{ message: string; default: unknown; type: string }> = [];
  const said: string[] = [];
  const prompter = askingPrompter(
    async (question) => {
      asked.push(question as never);
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
