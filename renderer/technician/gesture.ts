/**
 * The way into technician mode from the welcome screen: a gesture no citizen
 * makes by accident. Hold a finger still in the top-left corner for at least
 * 3 s, lift it, then within 5 s tap the top-right, bottom-right and
 * bottom-left corners, in that order (clockwise). Any other touch on the way
 * — elsewhere on the screen, a wrong corner, a second finger, a slow tap —
 * starts over. The PIN comes after it; the gesture only keeps the PIN pad
 * out of citizens' sight.
 *
 * A pure function over pointer samples, so it is tested without a DOM
 * (test/renderer/technician/gesture.test.ts: random touches never open it).
 * The welcome screen's corners hold no controls (the header's text and the
 * control bar's buttons keep clear of them), so the gesture does not press
 * anything on the way.
 */

export type Corner = 'top-left' | 'top-right' | 'bottom-right' | 'bottom-left';

export const TAP_SEQUENCE: readonly Corner[] = ['top-right', 'bottom-right', 'bottom-left'];

export interface GestureConfig {
  /** A corner is a square this fraction of the screen's shorter side… */
  readonly cornerFraction: number;
  /** …but never smaller than this, in CSS pixels. */
  readonly minCornerPx: number;
  readonly longPressMs: number;
  /** From lifting the long press to the last tap. */
  readonly tapsWindowMs: number;
  /** A tap held longer is not a tap. */
  readonly maxTapMs: number;
  /** A press that slides further is not held still. */
  readonly maxMovePx: number;
}

export const DEFAULT_GESTURE: GestureConfig = {
  cornerFraction: 0.1,
  minCornerPx: 72,
  longPressMs: 3000,
  tapsWindowMs: 5000,
  maxTapMs: 1000,
  maxMovePx: 24,
};

export interface PointerSample {
  readonly kind: 'down' | 'up' | 'cancel';
  readonly pointerId: number;
  /** CSS pixels from the viewport's top-left. */
  readonly x: number;
  readonly y: number;
  /** Milliseconds, monotonic (Event.timeStamp). */
  readonly t: number;
  readonly width: number;
  readonly height: number;
}

interface Touch {
  readonly pointerId: number;
  readonly x: number;
  readonly y: number;
  readonly t: number;
}

export type GestureState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'pressing'; readonly press: Touch }
  /** Waiting for TAP_SEQUENCE[next]; `down` is the tap in progress. */
  | { readonly phase: 'tapping'; readonly next: number; readonly deadline: number; readonly down: Touch | null };

export const INITIAL_GESTURE: GestureState = { phase: 'idle' };

export interface GestureStep {
  readonly state: GestureState;
  readonly triggered: boolean;
}

/** The corner a point is in, or null. */
export function cornerAt(x: number, y: number, width: number, height: number, config: GestureConfig = DEFAULT_GESTURE): Corner | null {
  const size = Math.max(config.minCornerPx, config.cornerFraction * Math.min(width, height));
  const left = x <= size;
  const right = x >= width - size;
  const top = y <= size;
  const bottom = y >= height - size;
  if (top && left) return 'top-left';
  if (top && right) return 'top-right';
  if (bottom && right) return 'bottom-right';
  if (bottom && left) return 'bottom-left';
  return null;
}

const still = (a: Touch, b: PointerSample, maxMovePx: number) => Math.hypot(a.x - b.x, a.y - b.y) <= maxMovePx;
const IDLE: GestureStep = { state: INITIAL_GESTURE, triggered: false };

/** What an idle recogniser makes of a touch: only a finger in the top-left corner begins anything. */
function fromIdle(sample: PointerSample, config: GestureConfig): GestureStep {
  if (sample.kind !== 'down') return IDLE;
  if (cornerAt(sample.x, sample.y, sample.width, sample.height, config) !== 'top-left') return IDLE;
  return { state: { phase: 'pressing', press: { pointerId: sample.pointerId, x: sample.x, y: sample.y, t: sample.t } }, triggered: false };
}

export function stepGesture(state: GestureState, sample: PointerSample, config: GestureConfig = DEFAULT_GESTURE): GestureStep {
  const corner = cornerAt(sample.x, sample.y, sample.width, sample.height, config);
  switch (state.phase) {
    case 'idle':
      return fromIdle(sample, config);

    case 'pressing': {
      const { press } = state;
      // A second finger, or anything but this finger lifting still, in the corner, after long enough.
      if (sample.pointerId !== press.pointerId) return sample.kind === 'down' ? IDLE : { state, triggered: false };
      if (sample.kind !== 'up') return IDLE;
      const held = sample.t - press.t >= config.longPressMs;
      if (!held || corner !== 'top-left' || !still(press, sample, config.maxMovePx)) return IDLE;
      return { state: { phase: 'tapping', next: 0, deadline: sample.t + config.tapsWindowMs, down: null }, triggered: false };
    }

    case 'tapping': {
      if (sample.t > state.deadline) return fromIdle(sample, config);
      if (sample.kind === 'down') {
        // A second finger while a tap is down, or a touch outside the corner expected next: start over.
        if (state.down !== null || corner !== TAP_SEQUENCE[state.next]) return fromIdle(sample, config);
        return { state: { ...state, down: { pointerId: sample.pointerId, x: sample.x, y: sample.y, t: sample.t } }, triggered: false };
      }
      if (state.down === null || sample.pointerId !== state.down.pointerId) return { state, triggered: false };
      if (sample.kind === 'cancel' || corner !== TAP_SEQUENCE[state.next] || sample.t - state.down.t > config.maxTapMs) return IDLE;
      const next = state.next + 1;
      if (next === TAP_SEQUENCE.length) return { state: INITIAL_GESTURE, triggered: true };
      return { state: { ...state, next, down: null }, triggered: false };
    }
  }
}
