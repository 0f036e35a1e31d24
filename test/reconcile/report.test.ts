import { describe, expect, it } from '@jest/globals';
import { formatReport, type ReconcileReport } from '../../lib/reconcile/index.js';

const REPORT: ReconcileReport = {
  decisions: [
    { path: 'a.py', action: 'create', reason: 'new file', content: 'a\n' },
    { path: 'b.py', action: 'conflict', reason: 'you and the template both changed it; 1 conflict marked in the file', content: 'x' },
    { path: 'c.py', action: 'unchanged', reason: 'up to date' },
    { path: 'd.py', action: 'keep', reason: 'removed from template, kept because you edited it' },
    { path: 'n.py', action: 'merge', reason: 'renamed from o.py by the template; merged', from: 'o.py', content: 'n' },
    { path: 'o.py', action: 'delete', reason: 'renamed to n.py by the template' },
  ],
  conflicts: ['b.py'],
  changed: true,
};

describe('formatReport', () => {
  it('prints one line per file, conflicts last, and a summary', () => {
    expect(formatReport(REPORT).split('\n')).toEqual([
      'create     a.py',
      'merge      n.py (from o.py): renamed from o.py by the template; merged',
      'delete     o.py: renamed to n.py by the template',
      'keep       d.py: removed from template, kept because you edited it',
      'conflict   b.py: you and the template both changed it; 1 conflict marked in the file',
      'Summary: 1 create, 1 merge, 1 delete, 1 unchanged, 1 keep, 1 conflict',
      '1 file(s) need your attention: resolve the conflicts, then `git add` them',
    ]);
  });

  it('lists unchanged files when verbose', () => {
    expect(formatReport(REPORT, { verbose: true })).toContain('unchanged  c.py');
  });

  it('lists a file kept only because you edited it only when verbose, and counts it always', () => {
    const edited: ReconcileReport = {
      decisions: [{ path: 'e.py', action: 'keep', reason: 'you edited it; the template did not change it' }],
      conflicts: [],
      changed: false,
    };
    expect(formatReport(edited)).toBe('Summary: 1 keep');
    expect(formatReport(edited, { verbose: true })).toContain('keep       e.py: you edited it');
    expect(formatReport(edited, { edited: true })).toContain('keep       e.py: you edited it');
    // Only a keep is hidden for that reason: any other action with it is listed.
    expect(formatReport({ decisions: [{ path: 'u.py', action: 'update', reason: edited.decisions[0]!.reason }], conflicts: [], changed: true })).toBe(
      'update     u.py\nSummary: 1 update',
    );
  });

  it('orders every action, explains only the surprising ones and shows what was combined when verbose', () => {
    const all: ReconcileReport = {
      decisions: [
        { path: 'k.py', action: 'conflict', reason: 'both changed it' },
        { path: 's.py', action: 'skip', reason: 'you deleted it' },
        { path: 'u.py', action: 'update', reason: 'template changed it' },
        { path: 'm.py', action: 'merge', reason: 'merged', combined: ['your lines with the template\'s at one place', 'the imports'] },
        { path: 'c.py', action: 'create', reason: 'new file' },
        { path: 'e.py', action: 'keep', reason: 'you edited it; the template did not change it' },
        { path: 'd.py', action: 'delete', reason: 'removed from the template' },
        { path: 'n.py', action: 'unchanged', reason: 'up to date' },
      ],
      conflicts: ['k.py', 'x.py'],
      changed: true,
    };
    expect(formatReport(all, { verbose: true }).split('\n')).toEqual([
      'create     c.py',
      'update     u.py',
      'merge      m.py: merged',
      "           combined your lines with the template's at one place",
      '           combined the imports',
      'delete     d.py: removed from the template',
      'unchanged  n.py',
      'keep       e.py: you edited it; the template did not change it',
      'skip       s.py: you deleted it',
      'conflict   k.py: both changed it',
      'Summary: 1 create, 1 update, 1 merge, 1 delete, 1 unchanged, 1 keep, 1 skip, 1 conflict',
      '2 file(s) need your attention: resolve the conflicts, then `git add` them',
    ]);
    expect(formatReport(all, { edited: true }).split('\n').slice(0, 7)).toEqual([
      'create     c.py',
      'update     u.py',
      'merge      m.py: merged',
      'delete     d.py: removed from the template',
      'keep       e.py: you edited it; the template did not change it',
      'skip       s.py: you deleted it',
      'conflict   k.py: both changed it',
    ]);
    expect(formatReport({ decisions: all.decisions.slice(2, 5), conflicts: [], changed: true })).toBe(
      ['create     c.py', 'update     u.py', 'merge      m.py: merged', 'Summary: 1 create, 1 update, 1 merge'].join('\n'),
    );
  });

  it('says so when there is nothing', () => {
    expect(formatReport({ decisions: [], conflicts: [], changed: false })).toBe('Summary: no files');
  });
});
