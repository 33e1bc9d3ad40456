import type { SessionSnapshot } from '../../electron/contract/session.ts';

/** A valid snapshot; override what the test is about. */
export function snapshot(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    revision: 1,
    sessionId: null,
    step: 'idle',
    mode: 'civil-digital',
    language: 'es-CL',
    idleDeadline: null,
    progress: { current: 0, total: 8 },
    error: null,
    ...overrides,
  };
}

export const SESSION_ID = '5f0c6a53-2a4e-4a8e-9d1f-3a6f3f0f9c11';
