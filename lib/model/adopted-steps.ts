/**
 * What `adopt-app` says once the record holds the app (the CLI and the page). An adopted
 * app's LOCAL_APPS line is the user's: the render never lists it, so an app made by hand and
 * never listed stays uninstalled. When no settings module names the app, the lines end with
 * the steps that install it. Files are only read.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appsDir } from './app-names.js';
import { pythonModules } from './python-files.js';

const configDir = 'src/config';
/** Where the project's LOCAL_APPS list lives (templates/project/src/config/sections/apps.py.ejs). */
const appsSettings = `${configDir}/sections/apps.py`;

/** Whether a settings module names the app as a string: "legacy" or "legacy.apps.LegacyConfig". */
function listedInSettings(projectDir: string, name: string): boolean {
  const named = new RegExp(`(["'])${name}(\\.apps\\.[A-Za-z_]\\w*)?\\1`);
  return pythonModules(join(projectDir, configDir)).some((path) => named.test(readFileSync(path, 'utf8')));
}

/** Whether the app has a migration file of its own (0001_initial.py and on). */
function hasMigrations(projectDir: string, name: string): boolean {
  const dir = join(projectDir, appsDir, name, 'migrations');
  return existsSync(dir) && readdirSync(dir).some((file) => /^\d{4}_\w*\.py$/.test(file));
}

/** The lines after a successful adopt-app: the record's change, then how to install the app when nothing lists it. */
export function adoptedLines(projectDir: string, name: string): string[] {
  const recorded = `Recorded ${appsDir}/${name}/ as adopted: its files and its LOCAL_APPS line stay yours.`;
  if (listedInSettings(projectDir, name)) return [recorded];
  return [
    recorded,
    `Note: no settings module of ${configDir}/ names "${name}", so Django does not load it yet.`,
    'Next:',
    `  add "${name}" to LOCAL_APPS in ${appsSettings}`,
    ...(hasMigrations(projectDir, name) ? [] : [`  python src/manage.py makemigrations ${name}`]),
    '  python src/manage.py migrate',
  ];
}
