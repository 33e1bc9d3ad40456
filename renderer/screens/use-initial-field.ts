import { useEffect } from 'react';
import { useStore } from 'zustand';
import { type EntryField, entryStore } from '../store/entry-store.ts';

/** The keyboard types into this field until the citizen touches another; focus itself stays on the heading (ScreenFrame). */
export function useInitialField(field: EntryField | null): void {
  const activate = useStore(entryStore, (s) => s.activate);
  useEffect(() => {
    if (field !== null && entryStore.getState().activeField === null) activate(field);
  }, [field, activate]);
}
