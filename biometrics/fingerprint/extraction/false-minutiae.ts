/**
 * Removes the minutiae that thinning and noise create rather than the finger
 * (Ratha, Chen & Jain 1995; Maltoni et al., Handbook of Fingerprint
 * Recognition §3.8): lengths are in ridge periods so the rules hold for any
 * finger size.
 *
 *   border   — within a period of the edge of the print: ridges cut by the edge.
 *   spur     — an ending whose ridge reaches a fork within 0.8 period: a hair on a ridge.
 *   fragment — an ending whose ridge ends again within 1.5 periods: a dot or short island.
 *   bridge   — a fork whose branch reaches another fork within 0.8 period: two ridges joined, or a hole.
 *   break    — two endings facing each other across a gap shorter than two periods, along the ridge flow.
 *   cluster  — three or more minutiae within one period: a scar or a smudge.
 */
import { angleDistance } from '../minutia.ts';
import type { Candidate } from './minutiae.ts';

export interface Rejections {
  border: number;
  spur: number;
  fragment: number;
  bridge: number;
  break: number;
  cluster: number;
  trace: number;
}

/**
 * Rule lengths in ridge periods, tuned on the synthetic ridge-image renderer's
 * ground truth (test/bench/fingerprint-extraction-accuracy.bench.ts): shorter
 * lengths lose true minutiae faster than they admit false ones.
 */
const BORDER = 1;
const SPUR = 0.8;
const FRAGMENT = 1.5;
const BRIDGE = 0.8;

export function removeFalseMinutiae(
  candidates: readonly Candidate[],
  width: number,
  distance: Float32Array,
  period: number,
): { kept: Candidate[]; rejected: Rejections; reasons: ReadonlyMap<Candidate, keyof Rejections> } {
  const rejected: Rejections = { border: 0, spur: 0, fragment: 0, bridge: 0, break: 0, cluster: 0, trace: 0 };
  const drop = new Map<Candidate, keyof Rejections>();
  const mark = (c: Candidate | undefined, why: keyof Rejections): void => {
    if (c !== undefined && !drop.has(c)) drop.set(c, why);
  };
  const near = (index: number, type: Candidate['type']): Candidate | undefined => {
    const x = index % width;
    const y = Math.floor(index / width);
    return candidates.find((c) => c.type === type && Math.abs(c.x - x) <= 2 && Math.abs(c.y - y) <= 2);
  };

  for (const c of candidates) {
    if (c.type === 'ridge-ending') {
      const t = c.traces[0]!;
      if (t.stop === 'junction' && t.path.length <= SPUR * period) {
        mark(c, 'spur');
        mark(near(t.path[t.path.length - 1]!, 'bifurcation'), 'spur');
      } else if (t.stop === 'ending' && t.path.length <= FRAGMENT * period) {
        mark(c, 'fragment');
        mark(near(t.path[t.path.length - 1]!, 'ridge-ending'), 'fragment');
      } else if (t.path.length < 3) {
        mark(c, 'trace');
      }
    } else {
      for (const t of c.traces) {
        if (t.stop === 'junction' && t.path.length <= BRIDGE * period) {
          mark(c, 'bridge');
          mark(near(t.path[t.path.length - 1]!, 'bifurcation'), 'bridge');
        }
      }
    }
  }

  const endings = candidates.filter((c) => c.type === 'ridge-ending' && !drop.has(c));
  for (let a = 0; a < endings.length; a++) {
    for (let b = a + 1; b < endings.length; b++) {
      const p = endings[a]!;
      const q = endings[b]!;
      const gap = Math.hypot(q.x - p.x, q.y - p.y);
      if (gap > 2 * period) continue;
      // Each ending points into its own ridge, so across a break they point away from each other, along the gap.
      const facing = angleDistance(p.direction, q.direction + Math.PI) <= Math.PI / 4;
      const alongGap = gap < 1 || angleDistance(Math.atan2(q.y - p.y, q.x - p.x), p.direction + Math.PI) <= Math.PI / 4;
      if (facing && alongGap) {
        mark(p, 'break');
        mark(q, 'break');
      }
    }
  }

  const survivors = candidates.filter((c) => !drop.has(c));
  for (const c of survivors) {
    const close = survivors.filter((o) => o !== c && Math.hypot(o.x - c.x, o.y - c.y) <= period);
    if (close.length >= 2) {
      mark(c, 'cluster');
      for (const o of close) mark(o, 'cluster');
    }
  }

  const margin = BORDER * period;
  for (const c of candidates) if (distance[c.index]! < margin) mark(c, 'border');

  for (const why of drop.values()) rejected[why]++;
  return { kept: candidates.filter((c) => !drop.has(c)), rejected, reasons: drop };
}
