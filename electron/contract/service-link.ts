import { z } from 'zod';

/**
 * Messages between a host (Electron main, or the browser host) and the kiosk
 * service process. The service validates what it receives; hosts have already
 * validated each command against COMMANDS before relaying it.
 */
export const HostToServiceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('invoke'), id: z.number().int().nonnegative(), command: z.string().max(64), payload: z.unknown().optional() }).strict(),
  z.object({ type: z.literal('shutdown') }).strict(),
]);
export type HostToService = z.infer<typeof HostToServiceSchema>;

export const ServiceToHostSchema = z.discriminatedUnion('type', [
  // The service's resolved configuration (stored, then KIOSK_* overrides) says whether developer affordances exist.
  z
    .object({
      type: z.literal('ready'),
      simulatedDevices: z.boolean(),
      // For Electron main's updater: the configuration's updates block and the time zone its window is in.
      updates: z
        .object({
          url: z.string().max(2048).optional(),
          window: z.string().max(11),
          quietMinutes: z.number().int().positive(),
          publicKey: z.string().max(1024).optional(),
          timeZone: z.string().max(64),
        })
        .strict()
        .optional(),
    })
    .strict(),
  z.object({ type: z.literal('result'), id: z.number().int().nonnegative(), result: z.unknown() }).strict(),
  z.object({ type: z.literal('event'), event: z.string().max(64), payload: z.unknown().optional() }).strict(),
]);
export type ServiceToHost = z.infer<typeof ServiceToHostSchema>;
export type ServiceReady = Extract<ServiceToHost, { type: 'ready' }>;

/** How long a host waits for the service to answer one command. */
export const SERVICE_INVOKE_TIMEOUT_MS = 15_000;
