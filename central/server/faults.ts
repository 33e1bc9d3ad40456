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
  next(): FaultDecision;
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
