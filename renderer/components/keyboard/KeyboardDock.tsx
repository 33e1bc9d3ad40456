import { useStore } from 'zustand';
import { useKeyboardLayout, useKeyboardShift } from '../../store/hooks.ts';
import { entryStore } from '../../store/entry-store.ts';
import { OnScreenKeyboard } from './OnScreenKeyboard.tsx';

/** The keyboard bound to the field the citizen is typing into. */
export function KeyboardDock() {
  const layout = useKeyboardLayout();
  const shift = useKeyboardShift();
  const press = useStore(entryStore, (s) => s.press);
  return <OnScreenKeyboard layout={layout} shift={shift} onKey={press} />;
}
