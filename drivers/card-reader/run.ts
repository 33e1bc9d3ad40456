/**
 * The card reader's view of a RUN: the pure module in common/run.ts (one
 * check-digit implementation for the kiosk, the renderer and central).
 */
export { formatRun, makeRun, parseRun, runCheckDigit } from '../../common/run.ts';
