import { useEffect } from 'react';

/**
 * While a session runs, any touch or key press tells the service the citizen
 * is still there. Capture phase, so a control that stops propagation still
 * counts; the throttle lives in the kiosk link (activity-throttle.ts).
 */
export function useActivityReporter(sessionRunning: boolean, reportActivity: (() => void) | undefined): void {
  useEffect(() => {
    if (!sessionRunning || reportActivity === undefined) return;
    const onActivity = () => reportActivity();
    window.addEventListener('pointerdown', onActivity, { capture: true, passive: true });
    window.addEventListener('keydown', onActivity, { capture: true });
    return () => {
      window.removeEventListener('pointerdown', onActivity, { capture: true });
      window.removeEventListener('keydown', onActivity, { capture: true });
    };
  }, [sessionRunning, reportActivity]);
}
