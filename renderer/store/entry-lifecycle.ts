import type { Unsubscribe } from '../../electron/contract/api.ts';
import type { EntryStore } from './entry-store.ts';
import type { createSessionStore } from './session-store.ts';

/**
 * Typed text belongs to the step it was typed on: when the service moves the
 * session to another step (forward, back, to `failed`, or to `idle` when the
 * session ends or is wiped), everything typed is dropped. A refusal on the
 * same step keeps it, so the citizen corrects rather than retypes.
 */
export function bindEntryToSession(session: ReturnType<typeof createSessionStore>, entry: EntryStore): Unsubscribe {
  return session.subscribe((next, prev) => {
    const before = prev.snapshot?.step ?? null;
    const after = next.snapshot?.step ?? null;
    if (before !== after) entry.getState().reset();
  });
}
