import { describe, expect, it } from 'vitest';
import { chooseScreen } from '../../renderer/screens/choose-screen.ts';
import { displayLanguage } from '../../renderer/store/display-language.ts';
import { SESSION_STEPS } from '../../electron/contract/session.ts';

const running = { kioskPresent: true, service: 'available', snapshotUnreachable: false } as const;

describe('chooseScreen', () => {
  it('shows the unavailable screen, not a blank one, when no host installed window.kiosk', () => {
    expect(chooseScreen({ ...running, kioskPresent: false, step: null })).toBe('unavailable');
  });

  it('shows the unavailable screen while the service is down, whatever the last step was', () => {
    expect(chooseScreen({ ...running, service: 'unavailable', step: 'welcome' })).toBe('unavailable');
  });

  it('waits for the first snapshot, and gives up politely if it cannot be fetched', () => {
    expect(chooseScreen({ ...running, step: null })).toBe('connecting');
    expect(chooseScreen({ ...running, step: null, snapshotUnreachable: true })).toBe('unavailable');
  });

  it('shows the attract screen when idle and the session welcome once a session starts', () => {
    expect(chooseScreen({ ...running, step: 'idle' })).toBe('attract');
    expect(chooseScreen({ ...running, step: 'welcome' })).toBe('sessionWelcome');
  });

  it('has a screen for every step of the contract', () => {
    for (const step of SESSION_STEPS) expect(chooseScreen({ ...running, step })).toBeTruthy();
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
