import { lazy, Suspense, useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { KioskApi } from '../../electron/contract/api.ts';
import { retryImport } from '../lazy/retry-import.ts';
import type { ScreenId } from '../screens/choose-screen.ts';
import { useServiceState } from '../store/hooks.ts';
import { uiStore } from '../store/ui-store.ts';
import { speechStore } from './speech-store.ts';

/** What to say and when (every screen's texts): a chunk of its own, needed only once a citizen turns speech on; fetched after the first paint. */
export const loadGuidanceSpeaker = retryImport(() => import('./GuidanceSpeaker.tsx'));
const GuidanceSpeaker = lazy(() => loadGuidanceSpeaker().then((module) => ({ default: module.GuidanceSpeaker })));

interface SpokenGuidanceProps {
  readonly kiosk: KioskApi | undefined;
  readonly screen: ScreenId;
}

/**
 * Spoken guidance, mounted once beside the screen (renders nothing). Asks the
 * service whether it can speak, and while the citizen has speech on, speaks
 * each new screen's guidance and each new live message (screen-guidance.ts).
 */
export function SpokenGuidance({ kiosk, screen }: SpokenGuidanceProps) {
  const on = useStore(uiStore, (s) => s.spokenGuidance);
  const service = useServiceState();

  useEffect(() => {
    if (kiosk === undefined || service !== 'available') return;
    let current = true;
    void kiosk.speech.status().then((result) => {
      if (current && result.ok) speechStore.getState().statusKnown(result.value);
    });
    return () => {
      current = false;
    };
  }, [kiosk, service]);

  // Turned off (by the citizen, or by the end of the session): silence at once.
  const wasOn = useRef(on);
  useEffect(() => {
    if (wasOn.current && !on) void kiosk?.speech.stop();
    wasOn.current = on;
    speechStore.getState().clearError();
  }, [on, kiosk]);

  return on && kiosk !== undefined ? (
    <Suspense fallback={null}>
      <GuidanceSpeaker kiosk={kiosk} screen={screen} />
    </Suspense>
  ) : null;
}
