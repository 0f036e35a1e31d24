/** Reconcile engine: per-file 3-way reconcile, pristine store, all-or-nothing apply. See README.md. */
export type * from './types.js';
export { planReconcile, SIDECAR_SUFFIX } from './plan.js';
export { applyReconcile, ReconcileInterrupted } from './apply.js';
export { loadPristine, savePristine, PRISTINE_REF, FALLBACK_STORE } from './store.js';
export { formatReport, type FormatReportOptions } from './report.js';
export { mergeText, DEFAULT_LABELS, type MergeResult } from './merge.js';
