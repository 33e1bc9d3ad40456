import { lazy, Suspense, useState } from 'react';
import type { KioskApi } from '../../electron/contract/api.ts';
import { retryImport } from '../lazy/retry-import.ts';
import { useTechnicianGesture } from './use-technician-gesture.ts';

/** A chunk of its own (with technician mode's texts): a citizen's screens never run its code; fetched after the first paint. */
export const loadTechnicianDialog = retryImport(() => import('./TechnicianDialog.tsx'));
const TechnicianDialog = lazy(() => loadTechnicianDialog().then((module) => ({ default: module.TechnicianDialog })));

/**
 * The entry to technician mode: the corner gesture (gesture.ts) on the
 * welcome screen only, never during a citizen's session; then the dialog,
 * which asks the service for the PIN screens.
 */
export function TechnicianMount({ kiosk, onWelcomeScreen }: { readonly kiosk: KioskApi | undefined; readonly onWelcomeScreen: boolean }) {
  const [open, setOpen] = useState(false);
  useTechnicianGesture(kiosk !== undefined && onWelcomeScreen && !open, () => setOpen(true));
  if (!open || kiosk === undefined) return null;
  return (
    <Suspense fallback={null}>
      <TechnicianDialog kiosk={kiosk} onClose={() => setOpen(false)} />
    </Suspense>
  );
}
