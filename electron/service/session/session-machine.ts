import {
  type KioskMode,
  type Language,
  type SessionEvent,
  type SessionSnapshot,
  type SessionStep,
  fail,
  ok,
  type Result,
} from '../../contract/index.ts';

/**
 * The enrollment session as a pure state machine: `transition` takes the state
 * and an action and returns the next state or a typed refusal. Timers, ids and
 * the clock are inputs, so every path is unit-testable without waiting.
 */
export interface SessionState {
  readonly revision: number;
  readonly sessionId: string | null;
  readonly step: SessionStep;
  readonly mode: KioskMode;
  readonly language: Language;
  readonly idleDeadlineMs: number | null;
}

export type SessionAction =
  | { readonly type: 'start'; readonly language: Language | undefined }
  | { readonly type: 'event'; readonly event: SessionEvent }
  | { readonly type: 'cancel' }
  | { readonly type: 'idle-timeout' };

export interface SessionContext {
  readonly nowMs: number;
  readonly idleTimeoutMs: number;
  readonly languages: readonly Language[];
  readonly defaultLanguage: Language;
  readonly newSessionId: () => string;
}

/**
 * The steps each mode will walk through, for the progress indicator. Only the
 * ones in SESSION_STEPS exist yet; the citizen-flow issues add the others.
 */
const PLANNED_STEPS: Record<KioskMode, readonly string[]> = {
  'civil-digital': ['welcome', 'consent', 'card', 'finger', 'verify', 'activation-code', 'done'],
  chileatiende: ['welcome', 'consent', 'card', 'finger', 'verify', 'email', 'phone', 'password', 'activate', 'done'],
};

export function initialSessionState(mode: KioskMode, language: Language): SessionState {
  return { revision: 0, sessionId: null, step: 'idle', mode, language, idleDeadlineMs: null };
}

export function transition(state: SessionState, action: SessionAction, ctx: SessionContext): Result<SessionState> {
  const next = (patch: Partial<SessionState>): Result<SessionState> => ok({ ...state, ...patch, revision: state.revision + 1 });
  const deadline = ctx.nowMs + ctx.idleTimeoutMs;

  switch (action.type) {
    case 'start': {
      if (state.step !== 'idle') return fail('session.already_active');
      const language = action.language ?? ctx.defaultLanguage;
      if (!ctx.languages.includes(language)) return fail('session.language_not_offered');
      return next({ sessionId: ctx.newSessionId(), step: 'welcome', language, idleDeadlineMs: deadline });
    }
    case 'event': {
      if (state.step === 'idle') return fail('session.not_active');
      const { event } = action;
      switch (event.type) {
        case 'language.select':
          if (!ctx.languages.includes(event.language)) return fail('session.language_not_offered');
          return next({ language: event.language, idleDeadlineMs: deadline });
        case 'activity':
          return next({ idleDeadlineMs: deadline });
      }
      return fail('session.event_not_allowed');
    }
    case 'cancel':
    case 'idle-timeout':
      // Wiping the session is always allowed, and returns the kiosk to Spanish (reference §4.4).
      if (state.step === 'idle') return ok(state);
      return next({ sessionId: null, step: 'idle', language: ctx.defaultLanguage, idleDeadlineMs: null });
  }
}

export function toSnapshot(state: SessionState): SessionSnapshot {
  const planned = PLANNED_STEPS[state.mode];
  const index = planned.indexOf(state.step);
  return {
    revision: state.revision,
    sessionId: state.sessionId,
    step: state.step,
    mode: state.mode,
    language: state.language,
    idleDeadline: state.idleDeadlineMs === null ? null : new Date(state.idleDeadlineMs).toISOString(),
    progress: { current: index < 0 ? 0 : index + 1, total: planned.length },
    error: null,
  };
}
