import type { Language } from '../../electron/contract/app.ts';
import type { SessionSnapshot } from '../../electron/contract/session.ts';

/**
 * Before a session starts, the attract screen speaks the language the citizen
 * tapped there; once a session runs, the service's snapshot is the authority
 * (it was started with that language and records every change).
 */
export function displayLanguage(snapshot: Pick<SessionSnapshot, 'step' | 'language'> | null, attractLanguage: Language): Language {
  return snapshot !== null && snapshot.step !== 'idle' ? snapshot.language : attractLanguage;
}
