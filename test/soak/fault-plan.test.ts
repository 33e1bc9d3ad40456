import { describe, expect, it } from 'vitest';
import { countByFault, FAULT_KINDS, planFaults } from './fault-plan.ts';

describe('the soak fault plan', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = planFaults({ sessions: 500, seed: 42, killBefore: 40, centralOutages: 1 });
    expect(planFaults({ sessions: 500, seed: 42, killBefore: 40, centralOutages: 1 })).toEqual(a);
    expect(planFaults({ sessions: 500, seed: 43, killBefore: 40, centralOutages: 1 })).not.toEqual(a);
  });

  it('leaves most sessions without a fault, kills each service early in the warm-up, and prints only in Civil Digital', () => {
    const plan = planFaults({ sessions: 2000, seed: 1, killBefore: 40, centralOutages: 2 });
    expect(plan.filter((p) => p.fault === null).length).toBeGreaterThan(1400);
    const kills = plan.filter((p) => p.fault === 'service-kill');
    expect(kills.every((p) => p.index < 40)).toBe(true);
    expect(new Set(kills.map((p) => p.mode))).toEqual(new Set(['civil-digital', 'chileatiende']));
    expect(plan.filter((p) => p.fault?.startsWith('printer-')).every((p) => p.mode === 'civil-digital')).toBe(true);
    expect(countByFault(plan)['central-down']).toBe(2);
  });

  it('spreads the outages from the index asked for to the end', () => {
    const plan = planFaults({ sessions: 2000, seed: 1, killBefore: 40, centralOutages: 2, outagesFrom: 760 });
    expect(plan.filter((p) => p.fault === 'central-down').map((p) => p.index)).toEqual([1070, 1690]);
  });

  it('forced, gives every kind at least once even in a short run', () => {
    const counts = countByFault(planFaults({ sessions: 40, seed: 7, killBefore: 20, centralOutages: 1, force: true }));
    for (const kind of FAULT_KINDS) expect(counts[kind], kind).toBeGreaterThan(0);
  });
});
