/**
 * The longest text `speech.say` takes: about half a minute at the kiosk's
 * speaking rate. Kept free of zod (like languages.ts) so the renderer can
 * import it without bundling a schema library.
 */
export const SPEECH_TEXT_MAX = 500;
