import { z } from 'zod';

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
