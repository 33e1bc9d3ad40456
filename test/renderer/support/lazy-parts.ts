/**
 * The renderer's lazily loaded parts (screens.ts, SpokenGuidance.tsx), loaded
 * before a test renders them with react-dom/server, which does not wait for a
 * Suspense boundary: each lazy component is rendered once (React starts its
 * import), then its chunk is awaited, after which React renders it at once.
 */
import { type ComponentType, createElement, Suspense } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { IdleWarning, loadStepScreens, SCREENS } from '../../../renderer/screens/screens.ts';
import { loadGuidanceSpeaker } from '../../../renderer/speech/SpokenGuidance.tsx';

export async function loadLazyParts(): Promise<void> {
  const lazyScreens: ComponentType[] = [...Object.values(SCREENS), IdleWarning];
  for (const Screen of lazyScreens) {
    try {
      renderToStaticMarkup(createElement(Suspense, { fallback: null }, createElement(Screen)));
    } catch {
      // An eager screen rendered without its stores' state may throw: only the lazy ones' imports matter here.
    }
  }
  await Promise.all([loadStepScreens(), loadGuidanceSpeaker()]);
  // React settles each lazy component in the import's own continuation: one more turn of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 0));
}
