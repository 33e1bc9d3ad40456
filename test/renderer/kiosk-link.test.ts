import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../electron/contract/errors.ts';
import { createKioskLink } from '../../renderer/store/kiosk-link.ts';
import { createServiceStore } from '../../renderer/store/service-store.ts';
import { createSessionStore } from '../../renderer/store/session-store.ts';
import { createUiStore } from '../../renderer/store/ui-store.ts';
import { createEntryStore } from '../../renderer/store/entry-store.ts';
import { fakeKiosk, settle } from './fake-kiosk.ts';
import { SESSION_ID, snapshot } from './fixtures.ts';

const AVAILABLE = { state: 'available', restarts: 0 } as const;

function setUp(answers: Parameters<typeof fakeKiosk>[0], now = () => 0) {
  const fake = fakeKiosk({ 'service.status': () => ok(AVAILABLE), 'session.snapshot': () => ok(snapshot()), ...answers });
  const stores = { session: createSessionStore(), service: createServiceStore(), ui: createUiStore(), entry: createEntryStore() };
  const link = createKioskLink(fake.kiosk, stores, { now, snapshotRetryMs: 1_000 });
  return { ...fake, stores, link };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('kiosk link', () => {
  it('mirrors the first snapshot and the service status on connect', async () => {
    const { link, stores } = setUp({ 'session.snapshot': () => ok(snapshot({ revision: 3 })) });
    link.connect();
    await settle();
    expect(stores.session.getState().snapshot?.revision).toBe(3);
    expect(stores.service.getState().state).toBe('available');
  });

  it('keeps the newest snapshot whichever path brings it', async () => {
    const { link, stores, emit } = setUp({ 'session.snapshot': () => ok(snapshot({ revision: 3 })) });
    link.connect();
    await settle();
    emit('session.snapshot', snapshot({ revision: 5, step: 'welcome', sessionId: SESSION_ID }));
    emit('session.snapshot', snapshot({ revision: 4 }));
    expect(stores.session.getState().snapshot).toMatchObject({ revision: 5, step: 'welcome' });
  });

  it('shows the service as unavailable, then rebuilds the mirror when it returns', async () => {
    let revision = 40;
    const { link, stores, emit } = setUp({ 'session.snapshot': () => ok(snapshot({ revision })) });
    link.connect();
    await settle();
    emit('service.status', { state: 'unavailable', restarts: 0 });
    expect(stores.service.getState().state).toBe('unavailable');
    // The restarted service counts revisions from zero again.
    revision = 0;
    emit('service.status', { state: 'available', restarts: 1 });
    await settle();
    expect(stores.service.getState().state).toBe('available');
    expect(stores.session.getState().snapshot?.revision).toBe(0);
  });

  it('treats a host that cannot report its status as unavailable until it reports otherwise', async () => {
    let fetches = 0;
    const { link, stores, emit } = setUp({
      'service.status': () => fail('transport.closed'),
      'session.snapshot': () => ok(snapshot({ revision: ++fetches })),
    });
    link.connect();
    await settle();
    expect(stores.service.getState().state).toBe('unavailable');
    emit('service.status', { state: 'available', restarts: 0 });
    await settle();
    expect(stores.service.getState().state).toBe('available');
    expect(fetches).toBe(2);
  });

  it('treats a session lost in a service restart as ended: the next citizen gets the defaults', async () => {
    let current = snapshot({ revision: 9, step: 'welcome', sessionId: SESSION_ID, language: 'en' });
    const { link, stores, emit } = setUp({ 'session.snapshot': () => ok(current) });
    stores.ui.getState().chooseLanguage('en');
    stores.ui.getState().toggleHighContrast();
    link.connect();
    await settle();
    emit('service.status', { state: 'unavailable', restarts: 0 });
    current = snapshot({ revision: 0 });
    emit('service.status', { state: 'available', restarts: 1 });
    await settle();
    expect(stores.session.getState().snapshot?.step).toBe('idle');
    expect(stores.ui.getState()).toMatchObject({ language: 'es-CL', highContrast: false });
  });

  it('retries a failed snapshot fetch until the service answers', async () => {
    vi.useFakeTimers();
    let reachable = false;
    const { link, stores } = setUp({
      'session.snapshot': () => (reachable ? ok(snapshot({ revision: 2 })) : fail('service.unavailable')),
    });
    link.connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(stores.session.getState().snapshotUnreachable).toBe(true);
    reachable = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(stores.session.getState()).toMatchObject({ snapshotUnreachable: false, snapshot: { revision: 2 } });
  });

  it('stops listening when disconnected', async () => {
    const { link, listenerCount } = setUp({});
    const disconnect = link.connect();
    await settle();
    disconnect();
    expect(listenerCount('session.snapshot')).toBe(0);
    expect(listenerCount('service.status')).toBe(0);
  });

  it('starts a session in the language chosen on the attract screen', async () => {
    const { link, calls, stores } = setUp({
      'session.start': () => ok(snapshot({ revision: 2, step: 'welcome', sessionId: SESSION_ID, language: 'ht' })),
    });
    link.connect();
    await settle();
    link.start('ht');
    await settle();
    expect(calls.find((c) => c.command === 'session.start')?.payload).toEqual({ language: 'ht' });
    expect(stores.session.getState().snapshot).toMatchObject({ step: 'welcome', language: 'ht' });
  });

  it('sends a double tap on Start only once', async () => {
    const { link, calls } = setUp({
      'session.start': () => ok(snapshot({ revision: 2, step: 'welcome', sessionId: SESSION_ID })),
    });
    link.start('es-CL');
    link.start('es-CL');
    await settle();
    expect(calls.filter((c) => c.command === 'session.start')).toHaveLength(1);
  });

  it('keeps a failed command error for the banner and clears it on the next success', async () => {
    let answer: unknown = fail('session.already_active');
    const { link, stores } = setUp({ 'session.start': () => answer });
    link.start('es-CL');
    await settle();
    expect(stores.session.getState().commandError).toMatchObject({ messageKey: 'errors.sessionAlreadyActive' });
    answer = ok(snapshot({ revision: 2, step: 'welcome', sessionId: SESSION_ID }));
    link.start('es-CL');
    await settle();
    expect(stores.session.getState().commandError).toBeNull();
  });

  it('resets language, text size and contrast for the next citizen when a session ends', async () => {
    const { link, stores } = setUp({
      'session.snapshot': () => ok(snapshot({ revision: 2, step: 'welcome', sessionId: SESSION_ID, language: 'en' })),
      'session.cancel': () => ok(snapshot({ revision: 3 })),
    });
    stores.ui.getState().chooseLanguage('en');
    stores.ui.getState().toggleLargeText();
    stores.ui.getState().toggleHighContrast();
    link.connect();
    await settle();
    link.cancel();
    await settle();
    expect(stores.ui.getState()).toMatchObject({ language: 'es-CL', textSize: 'normal', highContrast: false });
  });

  it('sends session events and marks the command pending until the answer', async () => {
    const { link, calls, stores } = setUp({
      'session.send': () => ok(snapshot({ revision: 3, step: 'consent', sessionId: SESSION_ID })),
    });
    link.send({ type: 'continue' });
    expect(stores.session.getState().commandPending).toBe(true);
    await settle();
    expect(calls.find((c) => c.command === 'session.send')?.payload).toEqual({ type: 'continue' });
    expect(stores.session.getState()).toMatchObject({ commandPending: false, snapshot: { step: 'consent' } });
  });

  it('keeps no copy of the password once password.submit has been sent', async () => {
    const { link, calls, stores } = setUp({
      'session.send': () => ok(snapshot({ revision: 3, step: 'password', sessionId: SESSION_ID })),
    });
    stores.entry.getState().activate('password');
    stores.entry.getState().setValue('password', 'caballo-bateria-grapa');
    link.send({ type: 'password.submit', password: stores.entry.getState().password });
    // Cleared synchronously, before the service has even answered.
    expect(stores.entry.getState().password).toBe('');
    await settle();
    expect(calls.find((c) => c.command === 'session.send')?.payload).toEqual({ type: 'password.submit', password: 'caballo-bateria-grapa' });
  });

  it('drops what was typed when the step changes and when the session ends, not on a refusal', async () => {
    const { link, stores, emit } = setUp({ 'session.snapshot': () => ok(snapshot({ revision: 2, step: 'email', sessionId: SESSION_ID })) });
    link.connect();
    await settle();
    stores.entry.getState().setValue('email', 'ana@correo.cl');
    stores.entry.getState().setValue('confirmation', 'ana@corre.cl');
    emit('session.snapshot', snapshot({ revision: 3, step: 'email', sessionId: SESSION_ID }));
    expect(stores.entry.getState().email).toBe('ana@correo.cl');
    emit('session.snapshot', snapshot({ revision: 4, step: 'phone', sessionId: SESSION_ID }));
    expect(stores.entry.getState()).toMatchObject({ email: '', confirmation: '' });
    stores.entry.getState().setValue('phone', '12345678');
    emit('session.snapshot', snapshot({ revision: 5 }));
    expect(stores.entry.getState().phone).toBe('');
  });

  it('postpones the idle deadline at once when the citizen answers the warning, whatever the throttle says', async () => {
    const { link, calls } = setUp({ 'session.send': () => ok(snapshot({ revision: 3, step: 'card', sessionId: SESSION_ID })) });
    link.reportActivity();
    link.stayActive();
    await settle();
    expect(calls.filter((c) => c.command === 'session.send')).toHaveLength(2);
  });

  it('reports activity at most once per 10 s and never shows its failure', async () => {
    let time = 0;
    const { link, calls, stores } = setUp({ 'session.send': () => fail('session.not_active') }, () => time);
    link.reportActivity();
    time = 5_000;
    link.reportActivity();
    time = 10_000;
    link.reportActivity();
    await settle();
    const reports = calls.filter((c) => c.command === 'session.send');
    expect(reports).toEqual([
      { command: 'session.send', payload: { type: 'activity' } },
      { command: 'session.send', payload: { type: 'activity' } },
    ]);
    expect(stores.session.getState().commandError).toBeNull();
  });
});
