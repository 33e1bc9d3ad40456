import { useEffect, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import type { KioskApi } from '../../electron/contract/api.ts';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useFormatDateTime } from '../i18n/use-format-date.ts';
import type { ScreenId } from '../screens/choose-screen.ts';
import { useIdleDeadline, usePasswordTyping, useSessionBusy, useVisibleError } from '../store/hooks.ts';
import { idleWarning } from '../store/idle-warning.ts';
import { sessionStore } from '../store/session-store.ts';
import { useNow } from '../store/use-now.ts';
import { KEEPS_SPEECH } from './keeps-speech.ts';
import { type Guidance, screenGuidance } from './screen-guidance.ts';
import { speechStore } from './speech-store.ts';

/**
 * Speaks each new screen's guidance and each new live message while the
 * citizen has speech on (mounted by SpokenGuidance.tsx, which loads this
 * chunk only then, or after the first paint).
 */
export function GuidanceSpeaker({ kiosk, screen }: { readonly kiosk: KioskApi; readonly screen: ScreenId }) {
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
