/** Types of warm-up-wait.mjs, plain JavaScript because the sequencer imports it too. */
export function runningWarmUp(): number | undefined;
export function waitForWarmUp(): Promise<void>;
