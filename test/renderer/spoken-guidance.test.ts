import { beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../electron/contract/app.ts';
import { kioskError } from '../../electron/contract/errors.ts';
import { FAILURE_REASONS, SESSION_STEPS, type SessionSnapshot } from '../../electron/contract/session.ts';
import { SPEECH_TEXT_MAX } from '../../electron/contract/speech-limits.ts';
import { CATALOGUES } from '../../renderer/i18n/catalogues.ts';
import { formatDateTime } from '../../renderer/i18n/format-date.ts';
import { chooseScreen, type ScreenId } from '../../renderer/screens/choose-screen.ts';
import { type GuidanceView, screenGuidance } from '../../renderer/speech/screen-guidance.ts';
import { nextUtterance } from '../../renderer/speech/GuidanceSpeaker.tsx';
import { spokenMasked, utterance } from '../../renderer/speech/spoken-text.ts';
import { createUiStore } from '../../renderer/store/ui-store.ts';
import { failedSnapshot, snapshot, stepSnapshot } from './fixtures.ts';
import { strictI18n } from './support/strict-i18n.ts';

/** Every catalogue, no fallback: a key missing in one language is reported, not spoken in Spanish. */
const strict = strictI18n();
const { i18n, missing } = strict;

beforeAll(async () => {
  await strict.init();
});

function screenOf(s: SessionSnapshot): ScreenId {
  return chooseScreen({ kioskPresent: true, service: 'available', step: s.step, snapshotUnreachable: false });
}

function guidance(s: SessionSnapshot, view: Partial<GuidanceView> = {}) {
  const language = s.language;
  return screenGuidance(
    { screen: screenOf(s), snapshot: s, error: null, passwordTyping: false, idleWarning: false, ...view },
    { t: i18n.getFixedT(language), formatDate: (iso) => formatDateTime(iso, CATALOGUES[language].dates, 'America/Santiago') },
  );
}

const inLanguage = (language: Language, s: SessionSnapshot): SessionSnapshot => ({ ...s, language });

/** Every screen a citizen can meet, with the data each one shows. */
const SNAPSHOTS: SessionSnapshot[] = [
  ...SESSION_STEPS.filter((step) => step !== 'failed').map((step) => stepSnapshot(step)),
  ...FAILURE_REASONS.map(failedSnapshot),
  stepSnapshot('password', { deferred: true }),
];

describe.each(LANGUAGES)('the spoken guidance in %s', (language) => {
  it.each(SNAPSHOTS.map((s) => [`${s.step}${s.failure ? ` (${s.failure})` : ''}`, s] as const))('%s: fits one utterance, all translated', (_name, s) => {
    missing.length = 0;
    for (const view of [{}, { passwordTyping: true }, { error: kioskError('session.no_match') }, { idleWarning: true }]) {
      const { full, live } = guidance(inLanguage(language, s), view);
      expect(missing).toEqual([]);
      expect(full.length).toBeGreaterThan(0);
      expect(full.length).toBeLessThanOrEqual(SPEECH_TEXT_MAX);
      expect(live.length).toBeLessThanOrEqual(SPEECH_TEXT_MAX);
      // An interpolation the catalogue and this table disagree on, or a raw key.
      expect(`${full} ${live}`).not.toMatch(/\{\{|\}\}|undefined|\bnull\b|\[object|errors\./);
      // Masked data is spoken as hidden, never as the mask characters.
      expect(full).not.toContain('*');
    }
  });
});

describe('which text is spoken for a snapshot', () => {
  it('speaks the card screen as its title and the three steps, in Spanish', () => {
    expect(guidance(stepSnapshot('card')).full).toBe(
      'Lee tu cédula de identidad. Da vuelta tu cédula: usaremos el reverso, donde están el código QR y tres líneas de letras y números. ' +
        'Apoya ese lado sobre el lector de cédula, bajo la pantalla. Déjala quieta hasta que la pantalla cambie. El lector de cédula está marcado con el dibujo de una tarjeta.',
    );
  });

  it('names the finger to use and the attempts left', () => {
    const { full } = guidance(inLanguage('en', stepSnapshot('finger')));
    expect(full).toContain('Use your right index finger.');
    expect(full).toContain('You have 2 attempts left.');
  });

  it('speaks masked data with its hidden part named, in the session language', () => {
    const review = guidance(inLanguage('en', stepSnapshot('review'))).full;
    expect(review).toContain('RUN: 12.345. hidden characters -5.');
    expect(review).toContain('Email: v hidden characters @correo.cl.');
    expect(review).toContain('Mobile phone: +56 9 hidden characters 78.');
    expect(guidance(stepSnapshot('review')).full).toContain('RUN: 12.345. caracteres ocultos -5.');
    expect(guidance(inLanguage('ht', stepSnapshot('review'))).full).toContain('RUN: 12.345. karaktè kache -5.');
  });

  it('does not speak the activation code shown on screen (anyone nearby would hear it)', () => {
    const s = stepSnapshot('code-on-screen');
    const { full } = guidance(s);
    expect(full).toContain('Tu código de activación.');
    for (const group of s.activationCode!.display!.split('-')) expect(full).not.toContain(group);
  });

  it('speaks the title, then the error shown under it, then the instruction', () => {
    const s = stepSnapshot('finger', { error: kioskError('session.no_match') });
    const { full, live } = guidance(inLanguage('en', s), { error: s.error });
    expect(
      full.startsWith('Place your finger on the fingerprint reader. Your fingerprint did not match. Place the same finger again, pressing it flat. Use your'),
    ).toBe(true);
    expect(live).toBe('Your fingerprint did not match. Place the same finger again, pressing it flat.');
  });

  it('announces the reader feedback and a card being read as live messages', () => {
    const lift = stepSnapshot('finger', { finger: { name: 'right-index', feedback: 'lift', attemptsLeft: 2, enrolled: [] } });
    expect(guidance(inLanguage('en', lift)).live).toBe('Done. Now lift your finger.');
    expect(guidance(inLanguage('en', stepSnapshot('finger'))).live).toBe('');
    expect(guidance(inLanguage('en', stepSnapshot('card', { busy: true }))).live).toBe('Reading your card… keep it still.');
  });

  it('speaks the idle warning instead of the screen while it is open', () => {
    const { full, live } = guidance(inLanguage('en', stepSnapshot('email')), { idleWarning: true });
    expect(live).toBe('Are you still there? For your security, your session will end soon and what you typed will be erased.');
    expect(full).toBe(live);
  });

  it('speaks the typing form of the password step without anything typed', () => {
    const { full } = guidance(inLanguage('en', stepSnapshot('password')), { passwordTyping: true });
    expect(full.startsWith('Type your password. Choose a password you do not use anywhere else.')).toBe(true);
    expect(full).toContain('Between 8 and 128 characters.');
  });

  it('keys a screen by step, language, failure, finger and password form, not by its live messages', () => {
    const base = guidance(stepSnapshot('finger'));
    expect(guidance(stepSnapshot('finger', { finger: { name: 'right-index', feedback: 'detected', attemptsLeft: 2, enrolled: [] } })).screenKey).toBe(
      base.screenKey,
    );
    expect(guidance(stepSnapshot('finger', { error: kioskError('session.no_match') }), { error: kioskError('session.no_match') }).screenKey).toBe(
      base.screenKey,
    );
    expect(guidance(stepSnapshot('finger', { finger: { name: 'left-thumb', feedback: 'waiting', attemptsLeft: 2, enrolled: [] } })).screenKey).not.toBe(
      base.screenKey,
    );
    expect(guidance(inLanguage('ht', stepSnapshot('finger'))).screenKey).not.toBe(base.screenKey);
    expect(guidance(failedSnapshot('locked')).screenKey).not.toBe(guidance(failedSnapshot('card_expired')).screenKey);
  });

  it('speaks the welcome screen before any session in the attract language', () => {
    expect(guidance(inLanguage('ht', snapshot())).full.startsWith('ClaveÚnica. Jwenn ClaveÚnica ou isit la')).toBe(true);
  });
});

describe('what is said next', () => {
  it('says everything when speech is turned on, on a new screen, and on "Repeat"', () => {
    const card = guidance(stepSnapshot('card'));
    const finger = guidance(stepSnapshot('finger'));
    expect(nextUtterance(null, card, 0)).toBe(card.full);
    expect(nextUtterance({ guidance: card, repeats: 0 }, finger, 0)).toBe(finger.full);
    expect(nextUtterance({ guidance: card, repeats: 0 }, card, 1)).toBe(card.full);
  });

  it('says only the live message when that alone changed, and nothing when nothing did', () => {
    const card = guidance(stepSnapshot('card'));
    const reading = guidance(stepSnapshot('card', { busy: true }));
    expect(nextUtterance({ guidance: card, repeats: 0 }, reading, 0)).toBe(reading.live);
    expect(nextUtterance({ guidance: reading, repeats: 0 }, card, 0)).toBeNull();
    expect(nextUtterance({ guidance: card, repeats: 3 }, card, 3)).toBeNull();
  });
});

describe('spoken text', () => {
  it('names each hidden part once', () => {
    expect(spokenMasked('12.345.***-5', 'hidden')).toBe('12.345. hidden -5');
    expect(spokenMasked('+56 9 **** **78', 'hidden')).toBe('+56 9 hidden 78');
    expect(spokenMasked('v***@correo.cl', 'oculto')).toBe('v oculto @correo.cl');
    expect(spokenMasked('a••••b', 'kache')).toBe('a kache b');
  });

  it('ends every part as a sentence and drops empty ones', () => {
    expect(utterance(['Tu clave', null, '', false, '¿Aceptas?', 'Esperando tu cédula…'])).toBe('Tu clave. ¿Aceptas? Esperando tu cédula.');
  });

  it('cuts a text too long at the end of a sentence', () => {
    const text = utterance(['A'.repeat(300), 'B'.repeat(150), 'C'.repeat(100)]);
    expect(text).toBe(`${'A'.repeat(300)}. ${'B'.repeat(150)}.`);
    expect(utterance(['word '.repeat(200)]).length).toBeLessThanOrEqual(SPEECH_TEXT_MAX);
  });
});

describe('the spoken guidance option', () => {
  it('is off for a new citizen, toggles, and is reset with the others when the session ends', () => {
    const ui = createUiStore();
    expect(ui.getState().spokenGuidance).toBe(false);
    ui.getState().toggleSpokenGuidance();
    ui.getState().toggleHighContrast();
    expect(ui.getState()).toMatchObject({ spokenGuidance: true, highContrast: true });
    ui.getState().resetForNextCitizen();
    expect(ui.getState()).toMatchObject({ spokenGuidance: false, highContrast: false });
  });
});
