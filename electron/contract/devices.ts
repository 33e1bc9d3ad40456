import { z } from 'zod';

export const DEVICE_ROLES = ['fingerprint', 'cardReader', 'printer'] as const;
export const DeviceRoleSchema = z.enum(DEVICE_ROLES);
export type DeviceRole = z.infer<typeof DeviceRoleSchema>;

/**
 * What the citizen screen needs to know about a device, nothing more:
 * `not-configured` (no driver assigned), `not-connected`, `ready`, `busy`,
 * `needs-attention` (e.g. printer out of paper).
 */
export const DeviceStateSchema = z.enum(['not-configured', 'not-connected', 'ready', 'busy', 'needs-attention']);
export type DeviceState = z.infer<typeof DeviceStateSchema>;

export const RoleStatusSchema = z
  .object({
    state: DeviceStateSchema,
    /** Driver id, e.g. `simulated`, `r30x-serial`; null when none is assigned. */
    driver: z.string().max(64).nullable(),
    /** i18n key describing the state for technicians and citizens. */
    messageKey: z.string().max(100),
  })
  .strict();
export type RoleStatus = z.infer<typeof RoleStatusSchema>;

export const DeviceStatusReportSchema = z
  .object({
    roles: z.object({ fingerprint: RoleStatusSchema, cardReader: RoleStatusSchema, printer: RoleStatusSchema }).strict(),
    simulated: z.boolean(),
    checkedAt: z.string().datetime(),
  })
  .strict();
export type DeviceStatusReport = z.infer<typeof DeviceStatusReportSchema>;

/** The i18n key that describes each state; every catalogue must carry them. */
export const DEVICE_STATE_MESSAGE_KEYS = {
  'not-configured': 'devices.notConfigured',
  'not-connected': 'devices.notConnected',
  ready: 'devices.ready',
  busy: 'devices.busy',
  'needs-attention': 'devices.needsAttention',
} as const satisfies Record<DeviceState, string>;
