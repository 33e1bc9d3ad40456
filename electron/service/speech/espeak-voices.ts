import { LANGUAGES, type Language } from '../../contract/index.ts';

/**
 * Which espeak-ng voice speaks each citizen language (EN 301 549 5.1.3.14:
 * speech in the language of the displayed content).
 *  - es-CL → es-419 (Latin American Spanish: seseo, closer to Chile than
 *    Castilian "es"); "es" if an older espeak-ng lacks es-419.
 *  - en → en-us; "en" (British) if en-us is missing.
 *  - ht → ht (Haitian Creole, in espeak-ng since 1.50 and in Debian's
 *    package). No fallback to French: Kreyòl spelling read with French rules
 *    drops final consonants ("kat" becomes "ka") and misleads more than it
 *    helps, so a kiosk without the ht voice reports Kreyòl as not spoken
 *    (speech.voice_missing) instead of speaking it wrongly.
 */
export const VOICE_PREFERENCES: Readonly<Record<Language, readonly string[]>> = {
  'es-CL': ['es-419', 'es'],
  en: ['en-us', 'en'],
  ht: ['ht'],
};

/**
 * The language identifiers in `espeak-ng --voices` output:
 *
 *     Pty Language       Age/Gender VoiceName          File          Other Languages
 *      5  es-419          --/M      Spanish_(Latin_America) roa/es-419 (es-mx 6)(es 6)
 *
 * The second column is what `-v` accepts. Lines that do not look like a voice are skipped.
 */
export function parseVoiceList(listing: string): Set<string> {
  const languages = new Set<string>();
  for (const line of listing.split('\n')) {
    const match = /^\s*\d+\s+([a-z]{2,3}(?:-[a-z0-9]{2,8})*)\s/i.exec(line);
    if (match?.[1]) languages.add(match[1].toLowerCase());
  }
  return languages;
}

export type VoiceChoice = Readonly<Record<Language, string | null>>;

export function chooseVoices(installed: ReadonlySet<string>): VoiceChoice {
  const entries = LANGUAGES.map((language) => [language, VOICE_PREFERENCES[language].find((voice) => installed.has(voice)) ?? null] as const);
  return Object.fromEntries(entries) as Record<Language, string | null>;
}

export const NO_VOICES: VoiceChoice = chooseVoices(new Set());

/**
 * espeak-ng's arguments for one utterance. The text is not among them: it
 * goes on standard input (`--stdin`), so a text that starts with "-" can
 * never be read as an option, and it does not show in the process list.
 * `-s 150` words per minute, a little slower than espeak-ng's 175, for
 * clarity at a kiosk; `-b 1`: the input is UTF-8.
 */
export function espeakArguments(voice: string, wordsPerMinute: number): string[] {
  return ['-v', voice, '-s', String(wordsPerMinute), '-b', '1', '--stdout', '--stdin'];
}
