import { describe, expect, it } from 'vitest';
import { SessionSnapshotSchema } from '../../../electron/contract/index.ts';
import { initialSessionState, type SessionContext, toSnapshot, transition } from '../../../electron/service/session/session-machine.ts';

const ctx: SessionContext = {
  nowMs: Date.UTC(2026, 10, 21, 12, 0, 0),
  idleTimeoutMs: 120_000,
  languages: ['es-CL', 'en', 'ht'],
  defaultLanguage: 'es-CL',
  newSessionId: () => '00000000-0000-4000-8000-000000000001',
};
const idle = initialSessionState('civil-digital', 'es-CL');

function started(language: 'es-CL' | 'en' | 'ht' = 'en') {
  const r = transition(idle, { type: 'start', language }, ctx);
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

describe('session machine', () => {
  it('starts in the requested language with an idle deadline and a new revision', () => {
    const s = started('en');
    expect(s).toMatchObject({ step: 'welcome', language: 'en', sessionId: ctx.newSessionId(), idleDeadlineMs: ctx.nowMs + 120_000, revision: 1 });
  });

  it('starts in the default language when none is given', () => {
    const r = transition(idle, { type: 'start', language: undefined }, ctx);
    expect(r.ok && r.value.language).toBe('es-CL');
  });

  it('refuses a language the kiosk does not offer', () => {
    const r = transition(idle, { type: 'start', language: 'ht' }, { ...ctx, languages: ['es-CL'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'session.language_not_offered' } });
  });

  it('refuses to start twice and refuses events without a session', () => {
    expect(transition(started(), { type: 'start', language: 'en' }, ctx)).toMatchObject({ ok: false, error: { code: 'session.already_active' } });
    expect(transition(idle, { type: 'event', event: { type: 'activity' } }, ctx)).toMatchObject({ ok: false, error: { code: 'session.not_active' } });
  });

  it('postpones the idle deadline on activity', () => {
    const later = { ...ctx, nowMs: ctx.nowMs + 60_000 };
    const r = transition(started(), { type: 'event', event: { type: 'activity' } }, later);
    expect(r.ok && r.value.idleDeadlineMs).toBe(later.nowMs + 120_000);
  });

  it.each(['cancel', 'idle-timeout'] as const)('wipes the session and returns to Spanish on %s', (type) => {
    const r = transition(started('ht'), { type }, ctx);
    expect(r).toMatchObject({ ok: true, value: { step: 'idle', sessionId: null, language: 'es-CL', idleDeadlineMs: null, revision: 2 } });
  });

  it('treats cancel without a session as a no-op that emits nothing new', () => {
    const r = transition(idle, { type: 'cancel' }, ctx);
    expect(r.ok && r.value).toBe(idle);
  });

  it('produces snapshots that satisfy the contract, with progress for the mode', () => {
    const snap = toSnapshot(started());
    expect(SessionSnapshotSchema.parse(snap)).toEqual(snap);
    expect(snap.progress).toEqual({ current: 1, total: 7 });
    expect(toSnapshot({ ...started(), mode: 'chileatiende' }).progress).toEqual({ current: 1, total: 10 });
    expect(toSnapshot(idle)).toMatchObject({ sessionId: null, idleDeadline: null, progress: { current: 0 } });
  });
});
