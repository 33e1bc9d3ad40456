import { describe, expect, it } from 'vitest';
import { chooseScreen } from '../../renderer/screens/choose-screen.ts';
import { SCREENS } from '../../renderer/screens/screens.ts';
import { displayLanguage } from '../../renderer/store/display-language.ts';
import { SESSION_STEPS } from '../../electron/contract/session.ts';

const running = { kioskPresent: true, service: 'available', snapshotUnreachable: false } as const;

describe('chooseScreen', () => {
  it('shows the unavailable screen, not a blank one, when no host installed window.kiosk', () => {
    expect(chooseScreen({ ...running, kioskPresent: false, step: null })).toBe('unavailable');
  });

  it('shows the unavailable screen while the service is down, whatever the last step was', () => {
    expect(chooseScreen({ ...running, service: 'unavailable', step: 'welcome' })).toBe('unavailable');
    expect(chooseScreen({ ...running, service: 'unavailable', step: 'password' })).toBe('unavailable');
  });

  it('waits for the first snapshot, and gives up politely if it cannot be fetched', () => {
    expect(chooseScreen({ ...running, step: null })).toBe('connecting');
    expect(chooseScreen({ ...running, step: null, snapshotUnreachable: true })).toBe('unavailable');
  });

  it('shows the attract screen when idle and the session welcome once a session starts', () => {
    expect(chooseScreen({ ...running, step: 'idle' })).toBe('attract');
    expect(chooseScreen({ ...running, step: 'welcome' })).toBe('sessionWelcome');
  });

  it('shows the out-of-service screen instead of the welcome screen while a reader is failed, never in a running session', () => {
    expect(chooseScreen({ ...running, step: 'idle', outOfService: true })).toBe('outOfService');
    expect(chooseScreen({ ...running, step: 'card', outOfService: true })).toBe('card');
  });

  it('has its own screen, with a component, for every step of the contract', () => {
    const screens = SESSION_STEPS.map((step) => chooseScreen({ ...running, step }));
    expect(new Set(screens).size).toBe(SESSION_STEPS.length);
    // A component: a function, or React.lazy's wrapper for the screens loaded after the welcome.
    for (const screen of screens) {
      const component = SCREENS[screen] as unknown as { readonly $$typeof?: symbol };
      expect(typeof component === 'function' || component.$$typeof === Symbol.for('react.lazy'), screen).toBe(true);
    }
    expect(screens).not.toContain('connecting');
    expect(screens).not.toContain('unavailable');
  });

  it('has a component for every screen, and no component without a screen', () => {
    const reachable = new Set([
      'unavailable',
      'connecting',
      chooseScreen({ ...running, step: 'idle', outOfService: true }),
      ...SESSION_STEPS.map((step) => chooseScreen({ ...running, step })),
    ]);
    expect(Object.keys(SCREENS).sort()).toEqual([...reachable].sort());
  });
});

describe('displayLanguage', () => {
  it('follows the attract screen choice while no session runs', () => {
    expect(displayLanguage(null, 'en')).toBe('en');
    expect(displayLanguage({ step: 'idle', language: 'es-CL' }, 'ht')).toBe('ht');
  });

  it("follows the session's language once a session runs", () => {
    expect(displayLanguage({ step: 'welcome', language: 'ht' }, 'es-CL')).toBe('ht');
  });
});
