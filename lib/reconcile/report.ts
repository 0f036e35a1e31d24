import { EDITED_ONLY } from './plan.js';
import type { Action, ReconcileReport } from './types.js';

/** Report order: what needs the user's attention last, right above the summary. */
const ACTION_ORDER: Action[] = ['create', 'update', 'merge', 'delete', 'unchanged', 'keep', 'skip', 'conflict'];
const WIDTH = Math.max(...ACTION_ORDER.map((a) => a.length));

export interface FormatReportOptions {
  /**
   * Also list 'unchanged' files (usually most of the project) and the files kept only because
   * you edited them (every edited file, every run): both are counted in the summary either way.
   */
  verbose?: boolean;
  /** List the files kept only because you edited them, not the unchanged ones (--dry-run). */
  edited?: boolean;
}

/**
 * One line per file (`merge     src/config/urls.py`, with the reason where it matters)
 * and a summary line with the count per action, for reconcile output and `--dry-run`.
 */
export function formatReport(report: ReconcileReport, options: FormatReportOptions = {}): string {
  const lines: string[] = [];
  const counts = new Map<Action, number>();
  for (const decision of report.decisions) {
    counts.set(decision.action, (counts.get(decision.action) ?? 0) + 1);
    if (decision.action === 'unchanged' && !options.verbose) continue;
    if (decision.action === 'keep' && decision.reason === EDITED_ONLY && !options.verbose && !options.edited) continue;
    let line = `${decision.action.padEnd(WIDTH)}  ${decision.path}`;
    if (decision.from) line += ` (from ${decision.from})`;
    if (explains(decision.action)) line += `: ${decision.reason}`;
    if (options.verbose && decision.combined) line += decision.combined.map((note) => `\n${' '.repeat(WIDTH + 2)}combined ${note}`).join('');
    lines.push(line);
  }
  lines.sort((a, b) => rank(a) - rank(b));
  const summary = ACTION_ORDER.filter((action) => counts.has(action)).map((action) => `${counts.get(action)} ${action}`);
  lines.push(summary.length > 0 ? `Summary: ${summary.join(', ')}` : 'Summary: no files');
  if (report.conflicts.length > 0) {
    lines.push(`${report.conflicts.length} file(s) need your attention: resolve the conflicts, then \`git add\` them`);
  }
  return lines.join('\n');
}

/** The reason is shown where the action alone would surprise. */
function explains(action: Action): boolean {
  return action === 'keep' || action === 'skip' || action === 'conflict' || action === 'delete' || action === 'merge';
}

function rank(line: string): number {
  return ACTION_ORDER.indexOf(line.slice(0, WIDTH).trim() as Action);
}
