/**
 * The shell's list of commands: each command's spec lives in its own folder
 * (generators/<name>/spec.ts); adding a command adds one line here.
 */
import { adoptAppSpec } from '../generators/adopt-app/spec.js';
import { appSpec } from '../generators/app/spec.js';
import { commonOptionNames } from '../generators/options.js';
import { pluginSpec } from '../generators/plugin/spec.js';
import { modelSpec } from '../generators/model/spec.js';
import { settingsSpec } from '../generators/settings/spec.js';
import { startappSpec } from '../generators/startapp/spec.js';
import { uiSpec } from '../generators/ui/spec.js';
import { upgradeSpec } from '../generators/upgrade/spec.js';
import type { CommandSpec, OptionSpec } from '../lib/run/command.js';
import type { TemplateSet } from '../lib/template-set/index.js';

export const commands: readonly CommandSpec[] = [appSpec, upgradeSpec, pluginSpec, startappSpec, modelSpec, adoptAppSpec, settingsSpec, uiSpec];

export function findCommand(name: string): CommandSpec | undefined {
  return commands.find((command) => command.name === name);
}

/** Every option of a command, for parsing, --help and Yeoman: its own, those from data, then the common ones. */
export function allOptions(command: CommandSpec, templates: TemplateSet): OptionSpec[] {
  const own = command.options.filter((option) => !commonOptionNames.has(option.name));
  const common = command.options.filter((option) => commonOptionNames.has(option.name));
  return [...own, ...(command.dataOptions?.(templates) ?? []), ...common];
}
