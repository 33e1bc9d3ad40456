/**
 * Which session meets which fault, decided before the run from `--seed`
 * (synthetic/fingers/random.ts), so a run can be repeated. Pure: no I/O, no clock.
 *
 * Most sessions get no fault (their durations make the p95); each kind of
 * fault gets a few percent. Rules the harness relies on:
 *  - `service-kill` only during the warm-up, so the service process alive at
 *    the end of the warm-up is the one measured at the end (its RSS growth is
 *    not hidden by a restart);
 *  - `printer-*` only in Civil Digital (ChileAtiende prints nothing);
 *  - `idle-timeout` costs the idle timeout in wall time, so it is rarer;
 *  - `central-down` stops central for minutes: at most a few per run, spread out;
 *  - `force` puts every kind at least once (the short e2e run).
 */
import { seededRandom } from '../../synthetic/fingers/random.ts';
export const FAULT_KINDS = [
  'card-unplug',
  'finger-unplug',
  'card-garbage',
  'printer-paper-out',
  'printer-cover-open',
  'central-503',
  'central-latency',
  'central-drop',
  'central-lost-response',
  'central-down',
  'service-kill',
  'idle-timeout',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type SoakMode = 'civil-digital' | 'chileatiende';

/** The share of sessions that get each kind (about 25 % of sessions have one in all). */
export const FAULT_RATES: Readonly<Record<FaultKind, number>> = {
  'card-unplug': 0.02,
  'finger-unplug': 0.02,
  'card-garbage': 0.03,
  'printer-paper-out': 0.03,
  'printer-cover-open': 0.03,
  'central-503': 0.03,
  'central-latency': 0.03,
  'central-drop': 0.02,
  'central-lost-response': 0.03,
  'central-down': 0,
  'service-kill': 0.01,
  'idle-timeout': 0.005,
};

export interface PlannedSession {
  readonly index: number;
  readonly mode: SoakMode;
  readonly fault: FaultKind | null;
  /** A second draw for where in the session, or which route, the fault lands: [0, 1). */
  readonly where: number;
}

export interface FaultPlanOptions {
  readonly sessions: number;
  readonly seed: number;
  /**
   * Sessions before this index (both kiosks counted) are the only ones a
   * service kill may hit: early in the warm-up, so the restarted service's
   * caches refill before the warm-up ends. Each kiosk is killed at least once
   * when its share of the window has a session without another fault.
   */
  readonly killBefore: number;
  /** How many central outages in the run, spread evenly from `outagesFrom` (default: a quarter of the way in) to the end. */
  readonly centralOutages: number;
  /** The session index (both kiosks counted) outages start from: past the warm-ups, so the memory figures see them. */
  readonly outagesFrom?: number;
  /** Every kind at least once, wherever the draw did not already place it. */
  readonly force?: boolean;
}

export const modeOf = (index: number): SoakMode => (index % 2 === 0 ? 'civil-digital' : 'chileatiende');

export function applies(kind: FaultKind, mode: SoakMode, index: number, killBefore: number): boolean {
  if (kind === 'printer-paper-out' || kind === 'printer-cover-open') return mode === 'civil-digital';
  if (kind === 'service-kill') return index < killBefore;
  return true;
}

export function planFaults(options: FaultPlanOptions): PlannedSession[] {
  const { sessions, seed, killBefore } = options;
  if (!Number.isInteger(sessions) || sessions < 1) throw new RangeError(`sessions must be a positive integer, got ${sessions}`);
  const prng = seededRandom('soak-fault-plan', seed);
  const random = () => prng.next();
  const plan: { index: number; mode: SoakMode; fault: FaultKind | null; where: number }[] = [];
  for (let index = 0; index < sessions; index++) {
    const mode = modeOf(index);
    let fault: FaultKind | null = null;
    let draw = random();
    for (const kind of FAULT_KINDS) {
      const rate = applies(kind, mode, index, killBefore) ? FAULT_RATES[kind] : 0;
      if (draw < rate) {
        fault = kind;
        break;
      }
      draw -= rate;
    }
    plan.push({ index, mode, fault, where: random() });
  }
  // Outages at evenly spread sessions (from `outagesFrom`), each replacing what the draw put there.
  const outages = Math.min(options.centralOutages, Math.floor(sessions / 4));
  const from = Math.min(options.outagesFrom ?? Math.floor(sessions / 4), sessions - 1);
  for (let k = 0; k < outages; k++) {
    const index = Math.floor(from + ((k + 0.5) * (sessions - from)) / outages);
    plan[Math.min(sessions - 1, index)]!.fault = 'central-down';
  }
  for (const mode of ['civil-digital', 'chileatiende'] as const) {
    if (plan.some((p) => p.mode === mode && p.fault === 'service-kill')) continue;
    const slot = plan.find((p) => p.mode === mode && p.fault === null && p.index < killBefore);
    if (slot) slot.fault = 'service-kill';
  }
  if (options.force) {
    const free = plan.filter((p) => p.fault === null);
    for (const kind of FAULT_KINDS) {
      if (plan.some((p) => p.fault === kind)) continue;
      const slot = free.find((p) => applies(kind, p.mode, p.index, killBefore));
      if (!slot) throw new RangeError(`no session can take a ${kind} fault (too few sessions or warm-up)`);
      slot.fault = kind;
      free.splice(free.indexOf(slot), 1);
    }
  }
  return plan;
}

export function countByFault(plan: readonly PlannedSession[]): Record<FaultKind, number> {
  const counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  for (const p of plan) if (p.fault) counts[p.fault] += 1;
  return counts;
}
