/**
 * Keys MySQL cannot build (lib/model/database-keys.ts): the model command and the answer
 * `--database mysql` refuse a field that would fail the project's migrate or its
 * `check --fail-level WARNING` there, with one line and nothing written; what a record
 * already holds is left alone. Which keys, field by field: test/unit/database-keys.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTempDir } from '../support/tempdir.js';
import { commitAll, djangoflow, expectRefused, generatedProject } from '../plugins/helpers.js';

describe('the commands', () => {
  let mysql = '';
  let postgres = '';
  beforeAll(async () => {
    mysql = await generatedProject(['--defaults', '--project-name', 'Keys', '--database', 'mysql']);
    expect((await djangoflow(mysql, ['startapp', 'shop', '--model', 'Doc', 'title:str'])).code).toBe(0);
    commitAll(mysql, 'shop');
    postgres = await generatedProject(['--defaults', '--project-name', 'Keys']);
    expect((await djangoflow(postgres, ['startapp', 'shop', '--model', 'Doc', 'note:text:index', 'code:str:400:unique'])).code).toBe(0);
    commitAll(postgres, 'shop');
  });
  afterAll(() => [mysql, postgres].forEach((dir) => removeTempDir(dir)));

  test('model refuses a key MySQL cannot build, and takes one that fits', async () => {
    await expectRefused(mysql, ['model', 'shop', 'Doc', 'note:text:index'], 'shop.Doc.note: MySQL cannot index a text field; use str:N:index (N at most 768)');
    await expectRefused(mysql, ['model', 'shop', 'Note', 'code:str:300:unique', 'body:text:unique'], 'shop.Note.code: MySQL cannot make a str field longer than 255 characters unique; give str:255 or less (and 1 more)');
    const fits = await djangoflow(mysql, ['model', 'shop', 'Doc', 'code:str:255:unique']);
    expect(fits.code).toBe(0);
    expect(readFileSync(join(mysql, 'src/apps/shop/models.py'), 'utf8')).toMatch(/code = models\.CharField\(_\("code"\), max_length=255, unique=True\)/);
  });

  test('answering --database mysql is refused while the models hold such keys', async () => {
    await expectRefused(postgres, ['--database', 'mysql'], 'shop.Doc.note: MySQL cannot index a text field; use str:N:index (N at most 768) (and 1 more)');
  });

  test('a record that already holds one (an older generator wrote it) is left alone', async () => {
    const rc = join(postgres, '.yo-rc.json');
    const record = readFileSync(rc, 'utf8');
    writeFileSync(rc, record.replace('"database": "postgresql"', '"database": "mysql"'));
    commitAll(postgres, 'answered mysql by hand');
    const result = await djangoflow(postgres, ['model', 'shop', 'Doc', 'title:str?']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    // A new one still is refused.
    commitAll(postgres, 'title');
    await expectRefused(postgres, ['model', 'shop', 'Doc', 'data:json:index'], 'shop.Doc.data: MySQL cannot index a json field; use str:N:index (N at most 768)');
  });
});
