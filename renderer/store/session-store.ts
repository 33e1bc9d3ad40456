import { createStore } from 'zustand/vanilla';
import type { KioskError } from '../../electron/contract/errors.ts';
import type { SessionSnapshot } from '../../electron/contract/session.ts';
import { mirrorSnapshot } from './mirror-snapshot.ts';

/**
 * The renderer's mirror of the service's session. The service decides; this
 * store only keeps the newest snapshot it has seen, plus the error of the last
 * command that failed before any snapshot could say so.
 */
export interface SessionState {
  readonly snapshot: SessionSnapshot | null;
  /** The last snapshot fetch failed and nothing newer has arrived. */
  readonly snapshotUnreachable: boolean;
  readonly commandError: KioskError | null;
  /** A command is on its way to the service: the screen's actions wait for its answer. */
  readonly commandPending: boolean;
}

export interface SessionActions {
  receive(next: SessionSnapshot): void;
  /** Forget the mirror: the next snapshot is taken whatever its revision (the service restarted). */
  forget(): void;
  snapshotFetchFailed(): void;
  commandStarted(): void;
  commandFailed(error: KioskError): void;
  commandSucceeded(): void;
}

export type SessionStore = SessionState & SessionActions;

export function createSessionStore() {
  return createStore<SessionStore>()((set) => ({
    snapshot: null,
    snapshotUnreachable: false,
    commandError: null,
    commandPending: false,
    receive: (next) =>
      set((state) => {
        const snapshot = mirrorSnapshot(state.snapshot, next);
        if (snapshot === state.snapshot) return state;
        // An error belongs to the step it happened on.
        const stepChanged = state.snapshot?.step !== snapshot.step;
        return { snapshot, snapshotUnreachable: false, commandError: stepChanged ? null : state.commandError };
      }),
    forget: () => set({ snapshot: null }),
    snapshotFetchFailed: () => set({ snapshotUnreachable: true }),
    commandStarted: () => set({ commandPending: true }),
    commandFailed: (error) => set({ commandError: error, commandPending: false }),
    commandSucceeded: () => set({ commandError: null, commandPending: false }),
  }));
}

export const sessionStore = createSessionStore();
