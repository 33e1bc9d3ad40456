/**
 * Fault injection for tests and demos (sandbox only, off unless configured):
 *
 * - `latencyMs`: every affected request waits this long before it is handled;
 * - `errorRate`: this share of requests is answered `503 fault_injected`
 *   without running the handler (nothing changes);
 * - `dropRate`: this share of connections is destroyed without an answer,
 *   before the handler runs (nothing changes);
 * - `loseResponseRate`: this share of requests runs the handler (its change
 *   commits, its response is stored under the Idempotency-Key) and then the
 *   connection is destroyed instead of answered: the case idempotency exists for.
 *
 * Faults apply to the kiosk (mTLS) routes only: kiosk registration, the
 * citizen's activation page and the development mailbox stay reliable, so a
 * faulty sandbox can still be set up and inspected.
 *
 * Deterministic: decisions come from a seeded PRNG (mulberry32), three draws
 * per request (drop, error, lose) whether or not they apply, so the same seed
 * and the same sequence of requests give the same faults.
 */
export interface FaultConfig {
  readonly latencyMs?: number;
  readonly errorRate?: number;
  readonly dropRate?: number;
  readonly loseResponseRate?: number;
  /** Default 1. */
  readonly seed?: number;
}

export type FaultDecision = { readonly latencyMs: number; readonly action: 'none' | 'drop' | 'error' | 'lose_response' };

export interface FaultInjector {
  readonly config: Readonly<Required<FaultConfig>>;
  /** `route`: the matched route's pattern (`/v1/audit-events`), `kioskId` the caller's, for injectors that aim at some requests only. */
  next(route?: string, kioskId?: string): FaultDecision;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rate(name: string, value: number | undefined): number {
  const r = value ?? 0;
  if (!Number.isFinite(r) || r < 0 || r > 1) throw new RangeError(`fault ${name} must be between 0 and 1, got ${value}`);
  return r;
}

export function createFaultInjector(config: FaultConfig): FaultInjector {
  const latencyMs = config.latencyMs ?? 0;
  if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 60_000) throw new RangeError(`fault latency must be 0–60000 ms, got ${config.latencyMs}`);
  const full = {
    latencyMs,
    errorRate: rate('error_rate', config.errorRate),
    dropRate: rate('drop_rate', config.dropRate),
    loseResponseRate: rate('lose_response_rate', config.loseResponseRate),
    seed: config.seed ?? 1,
  };
  const random = mulberry32(full.seed);
  return {
    config: full,
    next() {
      const drop = random() < full.dropRate;
      const error = random() < full.errorRate;
      const lose = random() < full.loseResponseRate;
      return { latencyMs: full.latencyMs, action: drop ? 'drop' : error ? 'error' : lose ? 'lose_response' : 'none' };
    },
  };
}

const SPEC_KEYS = { latency: 'latencyMs', error_rate: 'errorRate', drop_rate: 'dropRate', lose_response_rate: 'loseResponseRate', seed: 'seed' } as const;

/**
 * `latency=200,error_rate=0.1,drop_rate=0.05,lose_response_rate=0.1,seed=7`
 * (the CENTRAL_FAULTS variable). Empty or undefined → null (no faults).
 */
export function parseFaultSpec(spec: string | undefined): FaultConfig | null {
  if (spec === undefined || spec.trim() === '') return null;
  const config: Record<string, number> = {};
  for (const part of spec.split(',')) {
    const [name, value, ...rest] = part.trim().split('=');
    const key = SPEC_KEYS[name as keyof typeof SPEC_KEYS];
    const number = Number(value);
    if (key === undefined || rest.length > 0 || value === undefined || value.trim() === '' || !Number.isFinite(number)) {
      throw new RangeError(`CENTRAL_FAULTS: cannot read '${part.trim()}' (use ${Object.keys(SPEC_KEYS).join(', ')} as name=number)`);
    }
    config[key] = number;
  }
  createFaultInjector(config); // validates the figures now, not on the first request
  return config;
}

/**
 * Faults at chosen moments (the soak harness, test/soak/): instead of rates,
 * the caller arms "the next `count` kiosk requests (to `route`, when given)
 * get this fault", so it knows which of its sessions met one. Armed faults
 * are used up in the order they were armed; with none armed, requests go to
 * `base` (the static rates of CENTRAL_FAULTS, or no fault). Sandbox only:
 * central/main.ts arms them from its parent's IPC messages, and only when
 * started with CENTRAL_SOAK_CONTROL=1.
 */
export const ARMED_FAULT_ACTIONS = ['error', 'drop', 'lose_response', 'latency'] as const;
export type ArmedFaultAction = (typeof ARMED_FAULT_ACTIONS)[number];

export interface ArmedFault {
  readonly action: ArmedFaultAction;
  /** How many matching requests it applies to, 1–1000. */
  readonly count: number;
  /** Added before the request is handled; required for `latency`, optional for the others. */
  readonly latencyMs?: number;
  /** Only requests to this route pattern (`/v1/identity-verifications`); absent: any kiosk route. */
  readonly route?: string;
  /** Only requests from this kiosk; absent: any kiosk. */
  readonly kioskId?: string;
}

export interface ArmableFaultInjector extends FaultInjector {
  arm(fault: ArmedFault): void;
  /** Matching requests still to be faulted, all armed faults together. */
  armed(): number;
  /** Drops whatever is still armed (only what was armed for `kioskId`, when given). */
  disarm(kioskId?: string): void;
}

export function checkArmedFault(fault: ArmedFault): ArmedFault {
  if (!(ARMED_FAULT_ACTIONS as readonly string[]).includes(fault.action))
    throw new RangeError(`armed fault action must be one of ${ARMED_FAULT_ACTIONS.join(', ')}`);
  if (!Number.isInteger(fault.count) || fault.count < 1 || fault.count > 1000) throw new RangeError(`armed fault count must be 1–1000, got ${fault.count}`);
  const latencyMs = fault.latencyMs ?? 0;
  if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 60_000)
    throw new RangeError(`armed fault latency must be 0–60000 ms, got ${fault.latencyMs}`);
  if (fault.action === 'latency' && latencyMs === 0) throw new RangeError('a latency fault needs latencyMs');
  if (fault.route !== undefined && !/^\/[a-z0-9/:-]{1,100}$/.test(fault.route)) throw new RangeError('armed fault route must be a route pattern');
  if (fault.kioskId !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(fault.kioskId)) throw new RangeError('armed fault kioskId must be a kiosk id');
  return fault;
}

export function createArmableFaultInjector(base: FaultInjector | null): ArmableFaultInjector {
  const queue: { fault: ArmedFault; left: number }[] = [];
  const none: FaultDecision = { latencyMs: 0, action: 'none' };
  return {
    config: base?.config ?? { latencyMs: 0, errorRate: 0, dropRate: 0, loseResponseRate: 0, seed: 1 },
    next(route, kioskId) {
      const index = queue.findIndex(
        ({ fault }) => (fault.route === undefined || fault.route === route) && (fault.kioskId === undefined || fault.kioskId === kioskId),
      );
      if (index === -1) return base?.next(route, kioskId) ?? none;
      const entry = queue[index]!;
      entry.left -= 1;
      if (entry.left === 0) queue.splice(index, 1);
      const { action, latencyMs = 0 } = entry.fault;
      return { latencyMs, action: action === 'latency' ? 'none' : action };
    },
    arm(fault) {
      checkArmedFault(fault);
      queue.push({ fault, left: fault.count });
    },
    armed: () => queue.reduce((sum, entry) => sum + entry.left, 0),
    disarm(kioskId) {
      for (let i = queue.length - 1; i >= 0; i--) if (kioskId === undefined || queue[i]!.fault.kioskId === kioskId) queue.splice(i, 1);
    },
  };
}
