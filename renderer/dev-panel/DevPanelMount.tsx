import { lazy, Suspense } from 'react';
import type { KioskApi } from '../../electron/contract/api.ts';
import { retryImport } from '../lazy/retry-import.ts';
import { useAfterFirstPaint } from '../lazy/prefetch.ts';

// A chunk of its own, fetched only on a kiosk with simulated devices: a
// production kiosk (no window.kiosk.dev) never loads the panel's code.
const DevPanel = lazy(retryImport(() => import('./DevPanel.tsx').then((module) => ({ default: module.DevPanel }))));

/** The developer panel, present only when the kiosk runs with simulated devices. */
export function DevPanelMount({ dev }: { readonly dev: KioskApi['dev'] }) {
  // Not before the welcome screen is up: the panel is for developers and tests, and must not delay a citizen's first screen.
  const painted = useAfterFirstPaint();
  if (dev === undefined || !painted) return null;
  return (
    <Suspense fallback={null}>
      <DevPanel dev={dev} />
    </Suspense>
  );
}
