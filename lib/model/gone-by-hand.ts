/**
 * Models on record whose class the project no longer defines: a model deleted by hand from
 * its app's models while .yo-rc.json still lists it. The render keeps naming it (admin, API,
 * factories, tests), so the project breaks at its next check; a note after the run says how
 * to take it out. Files are only read: any module of the app (models.py, a models/ package)
 * that defines the class counts, migrations and tests aside. An app with a file left in
 * conflict by this run is not judged: its models may wait in a `.djangoflow-new` sidecar.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectState } from '../record/state.js';
import { appsDir } from './app-names.js';
import { pythonModules } from './python-files.js';

/** Folders of an app whose classes are not its models. */
const notModels = new Set(['migrations', 'tests']);

/** One note per recorded model of a generated app whose class no module of the app defines. */
export function modelsGoneByHand(projectDir: string, state: Pick<ProjectState, 'apps'>, conflicts: readonly string[] = []): string[] {
  return state.apps.flatMap((app) => {
    if (app.adopted || !app.models.length) return [];
    if (conflicts.some((path) => path.startsWith(`${appsDir}/${app.name}/`))) return [];
    const appDir = join(projectDir, appsDir, app.name);
    const texts = pythonModules(appDir, notModels).map((path) => readFileSync(path, 'utf8'));
    return app.models
      .filter((model) => !texts.some((text) => new RegExp(`^[ \\t]*class ${model.name}\\b`, 'm').test(text)))
      .map(
        (model) =>
          `Note: ${app.name}.${model.name} is on record, but no module of ${appsDir}/${app.name}/ defines class ${model.name}; ` +
          `take it out with djangoflow model ${app.name} ${model.name} --remove (its admin, API and tests still name it)`,
      );
  });
}
