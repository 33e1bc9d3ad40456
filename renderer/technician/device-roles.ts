/** The roles, as the renderer may import them without the contract's schemas (zod stays out of the renderer's bundle). */
export type DeviceRoleName = 'fingerprint' | 'cardReader' | 'printer';
export const DEVICE_ROLES_LIST: readonly DeviceRoleName[] = ['fingerprint', 'cardReader', 'printer'];
