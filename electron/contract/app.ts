import { z } from 'zod';

import { LANGUAGES } from './languages.ts';

export { DEFAULT_LANGUAGE, type Language, LANGUAGES } from './languages.ts';
export const LanguageSchema = z.enum(LANGUAGES);

/** Civil Digital prints an activation code; ChileAtiende activates in one step. */
export const KioskModeSchema = z.enum(['civil-digital', 'chileatiende']);
export type KioskMode = z.infer<typeof KioskModeSchema>;

export const AppInfoSchema = z
  .object({
    product: z.string().min(1).max(100),
    version: z.string().min(1).max(50),
    kioskId: z.string().min(1).max(64),
    mode: KioskModeSchema,
    languages: z.array(LanguageSchema).min(1),
    defaultLanguage: LanguageSchema,
    simulatedDevices: z.boolean(),
  })
  .strict();
export type AppInfo = z.infer<typeof AppInfoSchema>;
