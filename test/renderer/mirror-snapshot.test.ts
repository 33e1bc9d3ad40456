import { describe, expect, it } from 'vitest';
import { mirrorSnapshot, serviceRecovered, sessionEnded } from '../../renderer/store/mirror-snapshot.ts';
import { createSessionStore } from '../../renderer/store/session-store.ts';
import { kioskError } from '../../electron/contract/errors.ts';
import { SESSION_ID, snapshot } from './fixtures.ts';

describe('mirrorSnapshot', () => {
  it('takes the first snapshot it sees', () => {
    const first = snapshot({ revision: 7 });
    expect(mirrorSnapshot(null, first)).toBe(first);
  });

  it('takes a snapshot with a higher revision', () => {
    const next = snapshot({ revision: 3, step: 'welcome', sessionId: SESSION_ID });
    expect(mirrorSnapshot(snapshot({ revision: 2 }), next)).toBe(next);
  });

  it('keeps the current snapshot when a stale one arrives late', () => {
    const current = snapshot({ revision: 5, step: 'welcome', sessionId: SESSION_ID });
    expect(mirrorSnapshot(current, snapshot({ revision: 4 }))).toBe(current);
  });

  it('keeps the current snapshot when the same revision arrives twice (event and command answer)', () => {
    const current = snapshot({ revision: 5 });
    expect(mirrorSnapshot(current, snapshot({ revision: 5, language: 'ht' }))).toBe(current);
  });
});

describe('sessionEnded', () => {
  it('is true when a running session returns to idle', () => {
    expect(sessionEnded(snapshot({ step: 'welcome', sessionId: SESSION_ID }), snapshot({ revision: 2 }))).toBe(true);
  });

  it('is false on the first snapshot and while idle', () => {
    expect(sessionEnded(null, snapshot())).toBe(false);
    expect(sessionEnded(snapshot(), snapshot({ revision: 2 }))).toBe(false);
  });
});

describe('serviceRecovered', () => {
  it('is true when the service comes back after being unavailable', () => {
    expect(serviceRecovered({ state: 'unavailable', restarts: 0 }, { state: 'available', restarts: 1 })).toBe(true);
  });

  it('is true when the host restarted the service between two reports', () => {
    expect(serviceRecovered({ state: 'available', restarts: 1 }, { state: 'available', restarts: 2 })).toBe(true);
  });

  it('is false for the first report and for an unchanged service', () => {
    expect(serviceRecovered(null, { state: 'available', restarts: 0 })).toBe(false);
    expect(serviceRecovered({ state: 'available', restarts: 0 }, { state: 'available', restarts: 0 })).toBe(false);
  });

  it('is false while the service is still down', () => {
    expect(serviceRecovered({ state: 'available', restarts: 0 }, { state: 'unavailable', restarts: 0 })).toBe(false);
  });
});

describe('session store', () => {
  it('drops a stale snapshot without notifying subscribers', () => {
    const store = createSessionStore();
    store.getState().receive(snapshot({ revision: 4 }));
    let notified = 0;
    store.subscribe(() => notified++);
    store.getState().receive(snapshot({ revision: 3 }));
    expect(store.getState().snapshot?.revision).toBe(4);
    expect(notified).toBe(0);
  });

  it('clears a failed command error when the step changes', () => {
    const store = createSessionStore();
    store.getState().receive(snapshot({ revision: 1 }));
    store.getState().commandFailed(kioskError('service.internal'));
    store.getState().receive(snapshot({ revision: 2 }));
    expect(store.getState().commandError?.code).toBe('service.internal');
    store.getState().receive(snapshot({ revision: 3, step: 'welcome', sessionId: SESSION_ID }));
    expect(store.getState().commandError).toBeNull();
  });

  it('takes any revision after forgetting (a restarted service counts from zero)', () => {
    const store = createSessionStore();
    store.getState().receive(snapshot({ revision: 40 }));
    store.getState().forget();
    store.getState().receive(snapshot({ revision: 0 }));
    expect(store.getState().snapshot?.revision).toBe(0);
  });
});
