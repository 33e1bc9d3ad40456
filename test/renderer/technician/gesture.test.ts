/**
 * The technician gesture as a pure function over touches: the gesture
 * itself opens technician mode, and nothing a citizen does by chance does —
 * random touches anywhere, of any length, with long presses in the corner
 * among them (fast-check, seeded).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cornerAt,
  type Corner,
  DEFAULT_GESTURE,
  type GestureState,
  INITIAL_GESTURE,
  type PointerSample,
  stepGesture,
} from '../../../renderer/technician/gesture.ts';

const W = 1080;
const H = 1920;
const POINT: Readonly<Record<Corner, readonly [number, number]>> = {
  'top-left': [20, 20],
  'top-right': [W - 20, 20],
  'bottom-right': [W - 20, H - 20],
  'bottom-left': [20, H - 20],
};

interface Touch {
  readonly x: number;
  readonly y: number;
  /** How long the finger stays down. */
  readonly holdMs: number;
  /** Pause before the touch. */
  readonly gapMs: number;
}

/** Each touch as a pointer down and up with its own pointer id; returns whether any sample triggered. */
function run(touches: readonly Touch[], start: GestureState = INITIAL_GESTURE): { triggered: number; state: GestureState } {
  let state = start;
  let t = 1000;
  let id = 1;
  let triggered = 0;
  const feed = (sample: Omit<PointerSample, 'width' | 'height'>) => {
    const step = stepGesture(state, { ...sample, width: W, height: H });
    state = step.state;
    if (step.triggered) triggered++;
  };
  for (const touch of touches) {
    t += touch.gapMs;
    const pointerId = id++;
    feed({ kind: 'down', pointerId, x: touch.x, y: touch.y, t });
    t += touch.holdMs;
    feed({ kind: 'up', pointerId, x: touch.x, y: touch.y, t });
  }
  return { triggered, state };
}

const at = (corner: Corner, holdMs: number, gapMs = 300): Touch => ({ x: POINT[corner][0], y: POINT[corner][1], holdMs, gapMs });
const GESTURE: readonly Touch[] = [at('top-left', 3000), at('top-right', 120), at('bottom-right', 120), at('bottom-left', 120)];

describe('the technician gesture', () => {
  it('opens on a 3 s press in the top-left corner, then taps top-right, bottom-right, bottom-left within 5 s', () => {
    expect(run(GESTURE).triggered).toBe(1);
    expect(run(GESTURE).state).toEqual(INITIAL_GESTURE);
  });

  it('knows the corners as squares of 10 % of the shorter side (never under 72 px)', () => {
    expect(cornerAt(107, 107, W, H)).toBe('top-left');
    expect(cornerAt(109, 50, W, H)).toBeNull();
    expect(cornerAt(W - 1, H - 1, W, H)).toBe('bottom-right');
    expect(cornerAt(W / 2, H / 2, W, H)).toBeNull();
    expect(cornerAt(71, 71, 320, 480)).toBe('top-left');
    expect(cornerAt(73, 10, 320, 480)).toBeNull();
  });

  it.each([
    ['a press 1 ms short of 3 s', [at('top-left', 2999), ...GESTURE.slice(1)]],
    ['the taps in another order', [GESTURE[0]!, at('bottom-right', 100), at('top-right', 100), at('bottom-left', 100)]],
    ['anticlockwise', [GESTURE[0]!, at('bottom-left', 100), at('bottom-right', 100), at('top-right', 100)]],
    ['a tap in the middle of the screen on the way', [GESTURE[0]!, GESTURE[1]!, { x: W / 2, y: H / 2, holdMs: 100, gapMs: 100 }, GESTURE[2]!, GESTURE[3]!]],
    ['the long press somewhere else', [at('top-right', 3000), ...GESTURE.slice(1)]],
    ['the last tap 5 s after the press', [GESTURE[0]!, at('top-right', 100, 100), at('bottom-right', 100, 100), at('bottom-left', 100, 4801)]],
    ['a tap held 1.5 s', [GESTURE[0]!, at('top-right', 1500), ...GESTURE.slice(2)]],
    ['only three corners', GESTURE.slice(0, 3)],
  ])('stays closed for %s', (_what, touches) => {
    expect(run(touches).triggered).toBe(0);
  });

  it('stays closed when the long press slides more than 24 px', () => {
    let step = stepGesture(INITIAL_GESTURE, { kind: 'down', pointerId: 1, x: 10, y: 10, t: 0, width: W, height: H });
    step = stepGesture(step.state, { kind: 'up', pointerId: 1, x: 40, y: 10, t: 3500, width: W, height: H });
    expect(step.state).toEqual(INITIAL_GESTURE);
  });

  it('starts over when a second finger touches during the long press', () => {
    let step = stepGesture(INITIAL_GESTURE, { kind: 'down', pointerId: 1, x: 10, y: 10, t: 0, width: W, height: H });
    step = stepGesture(step.state, { kind: 'down', pointerId: 2, x: 500, y: 500, t: 1000, width: W, height: H });
    step = stepGesture(step.state, { kind: 'up', pointerId: 1, x: 10, y: 10, t: 3500, width: W, height: H });
    expect(step.state).toEqual(INITIAL_GESTURE);
  });

  it('can begin again right after a failed attempt', () => {
    expect(run([GESTURE[0]!, at('bottom-left', 100), ...GESTURE]).triggered).toBe(1);
  });

  const anywhere: fc.Arbitrary<Touch> = fc.record({
    x: fc.double({ min: 0, max: W, noNaN: true }),
    y: fc.double({ min: 0, max: H, noNaN: true }),
    holdMs: fc.oneof(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 6000 })),
    gapMs: fc.integer({ min: 0, max: 3000 }),
  });
  /** A citizen leaning on the top-left corner. */
  const cornerPress: fc.Arbitrary<Touch> = fc.record({
    x: fc.double({ min: 0, max: 100, noNaN: true }),
    y: fc.double({ min: 0, max: 100, noNaN: true }),
    holdMs: fc.integer({ min: 3000, max: 8000 }),
    gapMs: fc.integer({ min: 0, max: 3000 }),
  });

  it('never opens for random touches anywhere, long presses in the corner among them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 9, arbitrary: anywhere }, { weight: 1, arbitrary: cornerPress }), { minLength: 1, maxLength: 300 }),
        (touches) => {
          expect(run(touches).triggered).toBe(0);
        },
      ),
      { seed: 20_260_302, numRuns: 500 },
    );
  });

  it('never opens when any touch outside the expected corner comes between the press and the last tap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        anywhere.filter((touch) => cornerAt(touch.x, touch.y, W, H) === null),
        (position, stray) => {
          const touches = [...GESTURE.slice(0, position), { ...stray, gapMs: 50, holdMs: Math.min(stray.holdMs, 200) }, ...GESTURE.slice(position)];
          expect(run(touches).triggered).toBe(0);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('opens for the gesture made anywhere inside the corners, at any pace within the limits', () => {
    const inCorner = (corner: Corner) => {
      const size = DEFAULT_GESTURE.cornerFraction * W;
      const [cx, cy] = POINT[corner];
      return fc
        .record({ dx: fc.double({ min: 0, max: size - 25, noNaN: true }), dy: fc.double({ min: 0, max: size - 25, noNaN: true }) })
        .map(({ dx, dy }) => ({
          x: cx < W / 2 ? dx : W - dx,
          y: cy < H / 2 ? dy : H - dy,
        }));
    };
    fc.assert(
      fc.property(
        inCorner('top-left'),
        fc.integer({ min: 3000, max: 10_000 }),
        fc.tuple(inCorner('top-right'), inCorner('bottom-right'), inCorner('bottom-left')),
        fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 })),
        fc.tuple(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 600 })),
        (press, holdMs, taps, gaps, holds) => {
          const touches: Touch[] = [{ ...press, holdMs, gapMs: 0 }, ...taps.map((tap, i) => ({ ...tap, gapMs: gaps[i]!, holdMs: holds[i]! }))];
          expect(run(touches).triggered).toBe(1);
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });
});
