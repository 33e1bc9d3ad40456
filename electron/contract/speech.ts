import { z } from 'zod';
import { LanguageSchema } from './app.ts';
import { SPEECH_TEXT_MAX } from './speech-limits.ts';

export { SPEECH_TEXT_MAX } from './speech-limits.ts';

/**
 * Spoken guidance (EN 301 549 5.1.3: a non-visual mode for a closed kiosk).
 * The renderer sends text it already shows, translated, in the session's
 * language; the service speaks it (electron-kiosk.md §1.6: not Web Speech,
 * which is unreliable in Chromium on Linux). The service never logs the text:
 * it may hold masked personal data.
 */

/** C0 controls other than tab and line breaks, and DEL. */
function isControlCharacter(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
}

export const SpeechSayArgsSchema = z
  .object({
    text: z
      .string()
      .min(1)
      .max(SPEECH_TEXT_MAX)
      // Something to say, and no control characters (a NUL would end the text early for the synthesiser).
      .refine((text) => text.trim() !== '', 'must not be blank')
      .refine((text) => ![...text].some(isControlCharacter), 'must not hold control characters'),
    /** The language the text is written in; the service picks the voice. */
    language: LanguageSchema,
  })
  .strict();
export type SpeechSayArgs = z.infer<typeof SpeechSayArgsSchema>;

export const SpeechSayResultSchema = z
  .object({
    /**
     * True once the utterance is playing (the answer comes when it starts, not
     * when it ends, so a long text never runs into the host's invoke timeout).
     * False when a newer `speech.say` or a `speech.stop` overtook it before
     * it started.
     */
    spoken: z.boolean(),
  })
  .strict();

export const SpeechStopResultSchema = z
  .object({
    /** Something was being spoken and has been cut off. */
    stopped: z.boolean(),
  })
  .strict();

/** espeak-ng voice identifiers ("es-419", "en-us", "ht"); null: none installed for that language. */
const VoiceName = z.string().min(1).max(40).nullable();

export const SPEECH_UNAVAILABLE_REASONS = ['synthesiser_missing', 'no_audio_output'] as const;

export const SpeechStatusSchema = z
  .object({
    /** A synthesiser and somewhere to play its audio: the toggle is offered. */
    available: z.boolean(),
    /** Why not, when not available. */
    reason: z.enum(SPEECH_UNAVAILABLE_REASONS).nullable(),
    /**
     * Where the audio goes: a sound device through a player program, a file
     * (simulated kiosks with no sound device, for developers), or nowhere.
     */
    output: z.enum(['device', 'file', 'none']),
    /** The voice used for each citizen language; a language without one is not spoken. */
    voices: z.object({ 'es-CL': VoiceName, en: VoiceName, ht: VoiceName }).strict(),
  })
  .strict();
export type SpeechStatus = z.infer<typeof SpeechStatusSchema>;
