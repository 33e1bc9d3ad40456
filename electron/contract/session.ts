import { z } from 'zod';
import { KioskModeSchema, LanguageSchema } from './app.ts';
import { KioskErrorSchema } from './errors.ts';

/**
 * Steps of the citizen flow. `idle` is the welcome/attract screen with no
 * session; `welcome` is the first step of a started session. The later steps
 * (consent, card, finger, verify, …) are added by the issues that build them;
 * the snapshot shape stays flat so adding a step never reshapes it.
 */
export const SESSION_STEPS = ['idle', 'welcome'] as const;
export const SessionStepSchema = z.enum(SESSION_STEPS);
export type SessionStep = z.infer<typeof SessionStepSchema>;

export const SessionSnapshotSchema = z
  .object({
    /** Increases with every snapshot the service emits, so a mirror can drop stale ones. */
    revision: z.number().int().nonnegative(),
    /** Random id of the running session; null when idle. Not a citizen identifier. */
    sessionId: z.string().uuid().nullable(),
    step: SessionStepSchema,
    mode: KioskModeSchema,
    language: LanguageSchema,
    /** ISO 8601 UTC instant at which the session is wiped for inactivity; null when idle. */
    idleDeadline: z.string().datetime().nullable(),
    progress: z.object({ current: z.number().int().nonnegative(), total: z.number().int().positive() }).strict(),
    /** The last error the service wants the citizen to see, if any. */
    error: KioskErrorSchema.nullable(),
  })
  .strict();
export type SessionSnapshot = z.infer<typeof SessionSnapshotSchema>;

export const SessionStartArgsSchema = z.object({ language: LanguageSchema.optional() }).strict();
export type SessionStartArgs = z.infer<typeof SessionStartArgsSchema>;

/** Events the renderer sends into a running session (a discriminated union on `type`). */
export const SessionEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('language.select'), language: LanguageSchema }).strict(),
  /** The citizen touched the screen: postpones the idle deadline. */
  z.object({ type: z.literal('activity') }).strict(),
]);
export type SessionEvent = z.infer<typeof SessionEventSchema>;
