import { useEffect, useEffectEvent } from 'react';
import { INITIAL_GESTURE, type GestureState, type PointerSample, stepGesture } from './gesture.ts';

/**
 * Watches every touch on the page (capture phase, passive: nothing is
 * stopped or delayed for the citizen) while `enabled`, and calls `onGesture`
 * when the technician gesture is complete (gesture.ts).
 */
export function useTechnicianGesture(enabled: boolean, onGesture: () => void): void {
  const recognised = useEffectEvent(onGesture);
  useEffect(() => {
    if (!enabled) return;
    let state: GestureState = INITIAL_GESTURE;
    const listener = (kind: PointerSample['kind']) => (event: PointerEvent) => {
      const step = stepGesture(state, {
        kind,
        pointerId: event.pointerId,
        x: event.clientX,
        y: event.clientY,
        t: event.timeStamp,
        width: window.innerWidth,
        height: window.innerHeight,
      });
      state = step.state;
      if (step.triggered) recognised();
    };
    const handlers = [
      ['pointerdown', listener('down')],
      ['pointerup', listener('up')],
      ['pointercancel', listener('cancel')],
    ] as const;
    for (const [type, handler] of handlers) document.addEventListener(type, handler, { capture: true, passive: true });
    return () => {
      for (const [type, handler] of handlers) document.removeEventListener(type, handler, { capture: true });
    };
  }, [enabled]);
}
