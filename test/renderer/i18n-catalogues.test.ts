import { beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_STATE_MESSAGE_KEYS } from '../../electron/contract/devices.ts';
import { ERROR_CATALOGUE } from '../../electron/contract/errors.ts';
import { LANGUAGES } from '../../electron/contract/app.ts';
import { FAILURE_REASONS, SESSION_STEPS, failureMessageKey } from '../../electron/contract/session.ts';
import { FINGER_NAMES } from '../../common/fingers.ts';
import { CATALOGUES, FALLBACK_LANGUAGE } from '../../renderer/i18n/catalogues.ts';
import { esCLFirstScreens } from '../../renderer/i18n/catalogues/es-CL.ts';
import { addTechnicianTexts, createKioskI18n, isLanguageLoaded, loadLanguage } from '../../renderer/i18n/kiosk-i18n.ts';
import { TECHNICIAN_CATALOGUES } from '../../renderer/technician/i18n/technician-catalogues.ts';
import { PROPER_NAMES } from '../../renderer/i18n/proper-names.ts';
import { ustedForm } from '../support/spanish-register.ts';

/** `{ a: { b: 'x' } }` → `{ 'a.b': 'x' }`, the keys i18next resolves with its '.' separator. */
function flatten(tree: object, prefix = ''): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(tree)) {
    if (value !== null && typeof value === 'object') Object.assign(flat, flatten(value, `${prefix}${key}.`));
    else flat[`${prefix}${key}`] = value;
  }
  return flat;
}

const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const reference = flatten(CATALOGUES[FALLBACK_LANGUAGE]);
const referenceKeys = Object.keys(reference).sort();
const messageKeys = [...new Set(Object.values(ERROR_CATALOGUE).map((entry) => entry.messageKey))];

describe('message catalogues', () => {
  it('has a catalogue for every contract language, with es-CL as the fallback', () => {
    expect(Object.keys(CATALOGUES).sort()).toEqual([...LANGUAGES].sort());
    expect(FALLBACK_LANGUAGE).toBe('es-CL');
  });

  describe.each(LANGUAGES)('%s', (language) => {
    const flat = flatten(CATALOGUES[language]);

    it('has exactly the keys of es-CL, none missing and none extra', () => {
      expect(referenceKeys.filter((key) => !(key in flat))).toEqual([]);
      expect(Object.keys(flat).filter((key) => !(key in reference))).toEqual([]);
    });

    it('has no empty text', () => {
      expect(Object.entries(flat).filter(([, text]) => typeof text !== 'string' || text.trim() === '')).toEqual([]);
    });

    it('uses the same {{placeholders}} as es-CL', () => {
      const mismatched = referenceKeys.filter((key) => placeholders(flat[key]).join() !== placeholders(reference[key]).join());
      expect(mismatched).toEqual([]);
    });

    it('translates every error message key of the contract', () => {
      expect(messageKeys.filter((key) => typeof flat[key] !== 'string' || flat[key] === '')).toEqual([]);
    });

    it('translates every device state message key of the contract', () => {
      expect(Object.values(DEVICE_STATE_MESSAGE_KEYS).filter((key) => typeof flat[key] !== 'string')).toEqual([]);
    });

    it('has a failure screen (message, title, what next) for every failure reason of the contract', () => {
      const keys = FAILURE_REASONS.flatMap((reason) => [failureMessageKey(reason), `failureTitle.${reason}`, `failureNext.${reason}`]);
      expect(keys.filter((key) => typeof flat[key] !== 'string' || flat[key] === '')).toEqual([]);
      // Nothing more: a failure screen for a reason the contract dropped is dead text.
      const screens = Object.keys(flat).filter((key) => /^failure(Title|Next)?\./.test(key));
      expect(screens.sort()).toEqual([...keys].sort());
    });

    it('has help for every step and a name for every finger', () => {
      expect(SESSION_STEPS.filter((step) => typeof flat[`help.steps.${step}`] !== 'string')).toEqual([]);
      expect(FINGER_NAMES.filter((finger) => typeof flat[`finger.names.${finger}`] !== 'string')).toEqual([]);
    });
  });

  it('keeps every contract message key under errors. (the error banner relies on it)', () => {
    expect(messageKeys.filter((key) => !key.startsWith('errors.'))).toEqual([]);
  });

  it('speaks to the citizen as “tú” in Spanish: no “usted” forms', () => {
    const formal = referenceKeys
      .filter((key) => !key.startsWith('technician.'))
      .map((key) => ({ key, form: ustedForm(String(reference[key])) }))
      .filter(({ form }) => form !== null);
    expect(formal).toEqual([]);
  });

  it('never translates a name: no catalogue spells ClaveÚnica or the government otherwise, or carries them at all as keys', () => {
    for (const language of LANGUAGES) {
      const texts = Object.values(flatten(CATALOGUES[language])).map(String);
      const variants = texts.flatMap((text) => [...text.matchAll(/clave\s*[uú]nica(?![.]gob)|kle\s*inik/gi)].map((m) => m[0]));
      expect(variants.filter((v) => v !== 'ClaveÚnica')).toEqual([]);
      expect(texts.filter((text) => /Government of Chile|Gouv[eè]nman Chili|Gobyèno/i.test(text))).toEqual([]);
    }
    expect(PROPER_NAMES).toEqual({ product: 'ClaveÚnica', government: 'Gobierno de Chile' });
  });

  it('is not English copied into the Kreyòl catalogue', () => {
    const en = flatten(CATALOGUES.en);
    const ht = flatten(CATALOGUES.ht);
    // Texts that are the same in Spanish and English are names (ClaveÚnica); everything else must differ.
    const copied = referenceKeys.filter((key) => reference[key] !== en[key] && ht[key] === en[key]);
    expect(copied).toEqual([]);
  });
});

describe('kiosk i18n, as the renderer starts', () => {
  const i18n = createKioskI18n();

  it('holds the first screens’ Spanish texts, and nothing of the session’s screens yet', () => {
    expect(i18n.getFixedT('es-CL')('attract.start')).toBe('Comenzar');
    expect(i18n.exists('consent.accept', { lng: 'es-CL' })).toBe(false);
    for (const language of LANGUAGES) expect(isLanguageLoaded(i18n, language), language).toBe(false);
  });

  it('says "one moment" in every language before that language’s catalogue has arrived', () => {
    for (const language of LANGUAGES) {
      expect(i18n.getFixedT(language)('connecting.loading'), language).toBe(CATALOGUES[language].connecting.loading);
      expect(i18n.exists('attract.start', { lng: language, fallbackLng: false }), language).toBe(language === 'es-CL');
    }
  });

  it('loads a language whole, once, with technician mode’s texts once those are in', async () => {
    const first = loadLanguage(i18n, 'en');
    expect(loadLanguage(i18n, 'en')).toBe(first);
    await first;
    expect(isLanguageLoaded(i18n, 'en')).toBe(true);
    expect(i18n.getFixedT('en')('consent.accept')).toBe(CATALOGUES.en.consent.accept);
    expect(i18n.exists('technician.title', { lng: 'en' })).toBe(false);
    addTechnicianTexts(i18n, TECHNICIAN_CATALOGUES);
    expect(i18n.getFixedT('en')('technician.title')).toBe(CATALOGUES.en.technician.title);
    // A language loaded afterwards gets them too.
    await loadLanguage(i18n, 'ht');
    expect(i18n.getFixedT('ht')('technician.title')).toBe(CATALOGUES.ht.technician.title);
  });

  it('completes Spanish with the session’s texts, and holds then exactly the whole catalogue', async () => {
    await loadLanguage(i18n, 'es-CL');
    const held = flatten(i18n.getResourceBundle('es-CL', 'translation') as object);
    expect(Object.keys(held).sort()).toEqual(referenceKeys);
    // The first chunk's part is a real part: it leaves most of the texts to the session's chunk.
    expect(Object.keys(flatten(esCLFirstScreens)).length).toBeLessThan(referenceKeys.length / 2);
  });
});

describe('kiosk i18n, every language loaded', () => {
  const i18n = createKioskI18n();
  beforeAll(async () => {
    await Promise.all(LANGUAGES.map((language) => loadLanguage(i18n, language)));
  });

  it.each([
    ['es-CL', 'Comenzar', 'Cancelar'],
    ['en', 'Start', 'Cancel'],
    ['ht', 'Kòmanse', 'Anile'],
  ] as const)('names the buttons the end-to-end tests look for in %s', (language, start, cancel) => {
    const t = i18n.getFixedT(language);
    expect(t('attract.start')).toBe(start);
    expect(t('session.cancel')).toBe(cancel);
  });

  it('fills in interpolated values', () => {
    expect(i18n.getFixedT('ht')('session.step', { current: 1, total: 8 })).toBe('Etap 1 sou 8');
  });

  it.each([
    ['es-CL', 1, 'Te queda 1 intento.'],
    ['es-CL', 2, 'Te quedan 2 intentos.'],
    ['en', 1, 'You have 1 attempt left.'],
    ['en', 3, 'You have 3 attempts left.'],
    ['ht', 1, 'Ou gen 1 esè ki rete.'],
    ['ht', 2, 'Ou gen 2 esè ki rete.'],
  ] as const)('counts attempts left in %s (%i)', (language, count, text) => {
    expect(i18n.getFixedT(language)('finger.attemptsLeft', { count })).toBe(text);
  });
});
