import { z } from 'zod';
import { FINGER_NAMES } from '../../common/fingers.ts';

/**
 * Whether the kiosk service (the utility process, or the browser host's child
 * process) is reachable. Answered and pushed by the host itself, so it keeps
 * working while the service is down: the renderer shows "temporarily
 * unavailable" instead of a blank screen.
 */
export const ServiceStatusSchema = z
  .object({
    state: z.enum(['available', 'unavailable']),
    /** How many times the host has restarted the service since launch. */
    restarts: z.number().int().nonnegative(),
  })
  .strict();
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

export const DevInfoSchema = z
  .object({
    simulatedDevices: z.array(z.object({ role: z.string(), driver: z.string() }).strict()),
  })
  .strict();
export type DevInfo = z.infer<typeof DevInfoSchema>;

/** Synthetic citizens a developer can put in front of the simulated devices (dev mode only). */
export const CITIZEN_SCENARIOS = ['ok', 'card_expired', 'card_blocked', 'has_account', 'under_age'] as const;
export const DevCitizensArgsSchema = z.object({ scenario: z.enum(CITIZEN_SCENARIOS).optional(), limit: z.number().int().min(1).max(50).optional() }).strict();
export const DevCitizensSchema = z
  .object({
    citizens: z.array(
      z
        .object({
          run: z.string().max(20),
          name: z.string().max(200),
          scenario: z.enum(CITIZEN_SCENARIOS),
          cardType: z.enum(['CEDULA', 'CEDULA_EXT']),
        })
        .strict(),
    ),
  })
  .strict();
export type DevCitizens = z.infer<typeof DevCitizensSchema>;

const RunText = z.string().min(7).max(20);

export const DevInsertCardArgsSchema = z
  .object({ run: RunText, format: z.enum(['mrz', 'qr', 'both']).optional(), noise: z.enum(['none', 'ocr']).optional() })
  .strict();
export const DevPlaceFingerArgsSchema = z
  .object({ run: RunText, finger: z.enum(FINGER_NAMES).optional(), quality: z.number().int().min(0).max(100).optional() })
  .strict();
export const DevRoleArgsSchema = z.object({ role: z.enum(['fingerprint', 'cardReader', 'printer']) }).strict();
export const DevCentralOutageArgsSchema = z.object({ on: z.boolean() }).strict();
export const DevPrinterFaultArgsSchema = z.object({ fault: z.enum(['paperOut', 'coverOpen', 'offline', 'paperNearEnd']), on: z.boolean() }).strict();
export const DevAcceptedSchema = z.object({ accepted: z.literal(true) }).strict();
export type DevInsertCardArgs = z.infer<typeof DevInsertCardArgsSchema>;
export type DevPlaceFingerArgs = z.infer<typeof DevPlaceFingerArgsSchema>;
export type DevRoleArgs = z.infer<typeof DevRoleArgsSchema>;
export type DevPrinterFaultArgs = z.infer<typeof DevPrinterFaultArgsSchema>;
