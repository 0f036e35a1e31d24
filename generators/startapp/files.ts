import type { AppInfo, RenderContext } from '../../lib/context.js';
import type { FileRule } from '../app/files.js';

/**
 * Which files of templates/app/ an app gets, as data. Prefixes are template paths (with
 * their `__app__` segment); `app` in the context is the app being rendered.
 */
const appOf = (c: RenderContext) => c.app as AppInfo;
const hasModels = (c: RenderContext) => (appOf(c).spec?.models.length ?? 0) > 0;

export const appFileRules: FileRule[] = [
  { prefix: 'src/apps/__app__/drf/', when: (c) => appOf(c).hasApi },
  { prefix: 'src/apps/__app__/tests/test_api.py', when: (c) => appOf(c).hasApi && hasModels(c) },
  { prefix: 'src/apps/__app__/tests/test_models.py', when: hasModels },
  { prefix: 'src/apps/__app__/tests/test_admin.py', when: hasModels },
];
