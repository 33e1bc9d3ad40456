import { describe, expect, it } from 'vitest';
import { chooseVoices, espeakArguments, parseVoiceList } from '../../../electron/service/speech/espeak-voices.ts';

/** An excerpt of `espeak-ng --voices` (eSpeak NG 1.51, Debian 12). */
const LISTING = `Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  af              --/M      Afrikaans          gmw/af
 2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
 5  es              --/M      Spanish_(Spain)    roa/es
 5  es-419          --/M      Spanish_(Latin_America) roa/es-419           (es-mx 6)(es 6)
 5  fr-fr           --/M      French_(France)    roa/fr               (fr 5)
 5  ht              --/M      Haitian_Creole     roa/ht
`;

describe('espeak-ng voices', () => {
  it('reads the language column of `espeak-ng --voices`, skipping the header', () => {
    expect([...parseVoiceList(LISTING)].sort()).toEqual(['af', 'en-us', 'es', 'es-419', 'fr-fr', 'ht']);
  });

  it('speaks es-CL with Latin American Spanish, en with en-us, ht with the Haitian Creole voice', () => {
    expect(chooseVoices(parseVoiceList(LISTING))).toEqual({ 'es-CL': 'es-419', en: 'en-us', ht: 'ht' });
  });

  it('falls back to Castilian and British voices when the regional ones are missing', () => {
    expect(chooseVoices(new Set(['es', 'en', 'ht']))).toEqual({ 'es-CL': 'es', en: 'en', ht: 'ht' });
  });

  it('does not read Kreyòl with a French voice: without ht, Kreyòl has no voice', () => {
    expect(chooseVoices(new Set(['es-419', 'en-us', 'fr-fr', 'fr'])).ht).toBeNull();
  });

  it('passes no text among the arguments (it goes on standard input) and bounds the rate', () => {
    expect(espeakArguments('es-419', 150)).toEqual(['-v', 'es-419', '-s', '150', '-b', '1', '--stdout', '--stdin']);
  });
});
