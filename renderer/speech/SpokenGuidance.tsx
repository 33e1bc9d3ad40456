import { useEffect, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import type { KioskApi } from '../../electron/contract/api.ts';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useFormatDateTime } from '../i18n/use-format-date.ts';
import type { ScreenId } from '../screens/choose-screen.ts';
import { useIdleDeadline, usePasswordTyping, useServiceState, useSessionBusy, useVisibleError } from '../store/hooks.ts';
import { idleWarning } from '../store/idle-warning.ts';
import { sessionStore } from '../store/session-store.ts';
import { uiStore } from '../store/ui-store.ts';
import { useNow } from '../store/use-now.ts';
import { type Guidance, screenGuidance } from './screen-guidance.ts';
import { speechStore } from './speech-store.ts';

/** Controls marked with this attribute do not cut speech off when touched (the toggle, "Repeat"). */
export const KEEPS_SPEECH = 'data-keeps-speech';

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

  return on && kiosk !== undefined ? <GuidanceSpeaker kiosk={kiosk} screen={screen} /> : null;
}

function GuidanceSpeaker({ kiosk, screen }: { readonly kiosk: KioskApi; readonly screen: ScreenId }) {
  const guidance = useGuidance(screen);
  const { language } = useCitizenTranslation();
  const repeats = useStore(speechStore, (s) => s.repeats);
  const spoken = useRef<{ readonly guidance: Guidance; readonly repeats: number } | null>(null);

  useEffect(() => {
    const text = nextUtterance(spoken.current, guidance, repeats);
    spoken.current = { guidance, repeats };
    if (text === null) return;
    void kiosk.speech.say({ text, language }).then((result) => {
      if (result.ok) speechStore.getState().clearError();
      else speechStore.getState().sayFailed(result.error);
    });
  }, [kiosk, guidance, repeats, language]);

  // EN 301 549 5.1.3.5: speech stops when the citizen acts (the next screen then speaks for itself).
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Element && event.target.closest(`[${KEEPS_SPEECH}]`) !== null) return;
      void kiosk.speech.stop();
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [kiosk]);

  return null;
}

/**
 * What to say now, given what was said last: everything on a new screen (or
 * when speech was just turned on, or "Repeat" was touched), only the live
 * message when that alone changed, nothing otherwise.
 */
export function nextUtterance(last: { readonly guidance: Guidance; readonly repeats: number } | null, guidance: Guidance, repeats: number): string | null {
  if (last === null || last.guidance.screenKey !== guidance.screenKey || last.repeats !== repeats) return guidance.full === '' ? null : guidance.full;
  if (guidance.live !== last.guidance.live && guidance.live !== '') return guidance.live;
  return null;
}

function useGuidance(screen: ScreenId): Guidance {
  const { t } = useCitizenTranslation();
  const formatDate = useFormatDateTime();
  const snapshot = useStore(sessionStore, (s) => s.snapshot);
  const error = useVisibleError();
  const passwordTyping = usePasswordTyping();
  const idleDeadline = useIdleDeadline();
  const busy = useSessionBusy();
  const now = useNow(idleDeadline !== null);
  const warning = idleWarning({ nowMs: now, idleDeadline, busy }).show;
  const guidance = screenGuidance({ screen, snapshot, error, passwordTyping, idleWarning: warning }, { t, formatDate });
  // The same texts make the same object, so the speaking effect runs only when something said changes.
  const { screenKey, full, live } = guidance;
  return useMemo(() => ({ screenKey, full, live }), [screenKey, full, live]);
}
