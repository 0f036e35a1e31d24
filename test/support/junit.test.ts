/** junitOutcomes names pytest's cases as pytest does and reads each one's outcome. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { junitOutcomes } from './junit.js';
import { makeTempDir, removeTempDir } from './tempdir.js';

test('test modules with and without a class, tests.py modules, escaped names and every outcome', () => {
  const dir = makeTempDir('junit');
  try {
    mkdirSync(join(dir, 'src/apps/core/tests'), { recursive: true });
    writeFileSync(join(dir, 'src/apps/core/tests/test_tls.py'), '');
    writeFileSync(join(dir, 'src/apps/core/tests.py'), '');
    const xml = [
      '<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="5">',
      '<testcase classname="src.apps.core.tests.test_tls.TlsTests" name="test_a" time="0.1" />',
      '<testcase classname="src.apps.core.tests.test_tls" name="test_b[x&amp;y]" time="0.1"><failure message="x">boom</failure></testcase>',
      '<testcase classname="src.apps.core.tests.OtherTests" name="test_c" time="0.1"><skipped type="pytest.skip" message="s">s</skipped></testcase>',
      '<testcase classname="src.apps.core.tests.test_tls.TlsTests" name="test_d" time="0.1"><system-out>hi</system-out></testcase>',
      '<testcase classname="src.apps.core.tests.test_tls.TlsTests" name="test_e" time="0.1"><error message="e">setup</error></testcase>',
      '</testsuite></testsuites>',
    ].join('\n');
    expect(junitOutcomes(xml, dir)).toEqual(
      new Map([
        ['src/apps/core/tests/test_tls.py::TlsTests::test_a', 'passed'],
        ['src/apps/core/tests/test_tls.py::test_b[x&y]', 'failed'],
        ['src/apps/core/tests.py::OtherTests::test_c', 'skipped'],
        ['src/apps/core/tests/test_tls.py::TlsTests::test_d', 'passed'],
        ['src/apps/core/tests/test_tls.py::TlsTests::test_e', 'error'],
      ]),
    );
  } finally {
    removeTempDir(dir);
  }
});
