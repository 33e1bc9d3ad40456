import { z } from 'zod';
import type { DeviceRole } from '../../contract/index.ts';

/**
 * Which device serves each role, and how it is attached. Technicians write it
 * in a compact form (`serial:/dev/ttyUSB0@57600`, `hid:10c4:ea80`,
 * `tcp:192.0.2.10:9100`, `file:/dev/usb/lp0`, `simulated`, `none`); the
 * kiosk-service issue stores the parsed form in SQLite.
 */
const hex16 = z.number().int().min(0).max(0xffff);
const baud = z.number().int().min(1200).max(921_600);

export const DeviceAssignmentSchema = z.discriminatedUnion('transport', [
  z.object({ transport: z.literal('none') }).strict(),
  z.object({ transport: z.literal('simulated') }).strict(),
  z.object({ transport: z.literal('serial'), path: z.string().min(1).max(255), baud: baud.optional() }).strict(),
  z.object({ transport: z.literal('hid'), vendorId: hex16, productId: hex16, baud: baud.optional() }).strict(),
  z.object({ transport: z.literal('tcp'), host: z.string().min(1).max(253), port: z.number().int().min(1).max(65535) }).strict(),
  z.object({ transport: z.literal('file'), path: z.string().min(1).max(255) }).strict(),
]);
export type DeviceAssignment = z.infer<typeof DeviceAssignmentSchema>;
export type DeviceAssignments = Readonly<Record<DeviceRole, DeviceAssignment>>;

/** What each role can be attached through (a fingerprint module never sits on TCP 9100). */
export const TRANSPORTS_BY_ROLE: Readonly<Record<DeviceRole, readonly DeviceAssignment['transport'][]>> = {
  fingerprint: ['none', 'simulated', 'serial', 'hid'],
  cardReader: ['none', 'simulated', 'serial', 'hid'],
  printer: ['none', 'simulated', 'serial', 'tcp', 'file'],
};

export const SIMULATED_DEVICES: DeviceAssignments = {
  fingerprint: { transport: 'simulated' },
  cardReader: { transport: 'simulated' },
  printer: { transport: 'simulated' },
};

export type ParsedAssignment = { ok: true; value: DeviceAssignment } | { ok: false; reason: string };

const HEX4 = /^[0-9a-f]{4}$/i;

/** Parses the compact form for one role; the reason names what is wrong, for the technician. */
export function parseDeviceAssignment(role: DeviceRole, text: string): ParsedAssignment {
  const spec = text.trim();
  const [kind = '', ...restParts] = spec.split(':');
  const rest = restParts.join(':');
  let candidate: unknown;
  switch (kind) {
    case 'none':
    case 'simulated':
      if (rest) return { ok: false, reason: `"${kind}" takes no parameters` };
      candidate = { transport: kind };
      break;
    case 'serial':
    case 'file': {
      const at = kind === 'serial' ? rest.lastIndexOf('@') : -1;
      const path = at >= 0 ? rest.slice(0, at) : rest;
      if (!path.startsWith('/') && !/^COM\d+$/i.test(path)) return { ok: false, reason: `${kind} needs a device path, e.g. ${kind}:/dev/ttyUSB0` };
      candidate = at >= 0 ? { transport: kind, path, baud: Number(rest.slice(at + 1)) } : { transport: kind, path };
      break;
    }
    case 'hid': {
      const [ids, baudText] = rest.split('@');
      const [vendor = '', product = ''] = (ids ?? '').split(':');
      if (!HEX4.test(vendor) || !HEX4.test(product)) return { ok: false, reason: 'hid needs vendor and product ids in hex, e.g. hid:10c4:ea80' };
      candidate = {
        transport: 'hid',
        vendorId: parseInt(vendor, 16),
        productId: parseInt(product, 16),
        ...(baudText !== undefined ? { baud: Number(baudText) } : {}),
      };
      break;
    }
    case 'tcp': {
      const colon = rest.lastIndexOf(':');
      if (colon <= 0) return { ok: false, reason: 'tcp needs host and port, e.g. tcp:192.0.2.10:9100' };
      candidate = { transport: 'tcp', host: rest.slice(0, colon), port: Number(rest.slice(colon + 1)) };
      break;
    }
    default:
      return { ok: false, reason: `unknown transport "${kind}"; one of ${TRANSPORTS_BY_ROLE[role].join(', ')}` };
  }
  const parsed = DeviceAssignmentSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${String(issue?.path[0] ?? kind)}: ${issue?.message ?? 'invalid'}` };
  }
  if (!TRANSPORTS_BY_ROLE[role].includes(parsed.data.transport)) {
    return { ok: false, reason: `a ${role} cannot be attached by ${parsed.data.transport}; use one of ${TRANSPORTS_BY_ROLE[role].join(', ')}` };
  }
  return { ok: true, value: parsed.data };
}

/** The compact form back, for logs, diagnostics and `kioskctl`. */
export function formatDeviceAssignment(a: DeviceAssignment): string {
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  switch (a.transport) {
    case 'none':
    case 'simulated':
      return a.transport;
    case 'serial':
      return `serial:${a.path}${a.baud ? `@${a.baud}` : ''}`;
    case 'hid':
      return `hid:${hex(a.vendorId)}:${hex(a.productId)}${a.baud ? `@${a.baud}` : ''}`;
    case 'tcp':
      return `tcp:${a.host}:${a.port}`;
    case 'file':
      return `file:${a.path}`;
  }
}
