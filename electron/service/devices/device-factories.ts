/**
 * Builds the driver for each role from its assignment. Simulated drivers are
 * loaded with import() only when a role is simulated, so the synthetic
 * population they carry never loads on a kiosk with real devices
 * (ARCHITECTURE.md: synthetic/ is never on a production path).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceRole } from '../../contract/index.ts';
import type { CardReader } from '../../../drivers/card-reader/card-reader.ts';
// Types only: erased at run time, so these imports load nothing on a kiosk with real devices.
import type { SimulatedCardReader } from '../../../drivers/card-reader/simulated-card-reader.ts';
import type { SimulatedFingerprintReader } from '../../../drivers/fingerprint/simulated-fingerprint-reader.ts';
import type { SimulatedPrinter } from '../../../drivers/printer/simulated-printer.ts';
import type { FingerprintReader } from '../../../drivers/fingerprint/fingerprint-reader.ts';
import type { ByteTransport } from '../../../drivers/transport/byte-transport.ts';
import type { DeviceAssignment } from '../config/device-config.ts';
import { ManagedPrinter } from './managed-printer.ts';

/** The in-process simulations, for the dev.* commands. */
/**
 * An UpImage is 36,864 bytes: 6.4 s at the factory 57,600 baud, 3.2 s at
 * 115,200, the fastest N (12) the R30x datasheet allows (reference §1.1).
 */
const R30X_FAST_BAUD = 115_200;

export interface Simulations {
  fingerprint?: SimulatedFingerprintReader;
  cardReader?: SimulatedCardReader;
  printer?: SimulatedPrinter;
  /** The loopback port the simulated printer listens on (it comes back on the same one after an unplug). */
  printerPort?: number;
}

export interface FactoryContext {
  /** Where the simulated printer writes its receipts (PNG + transcript). */
  readonly dataDir: string;
  readonly simulations: Simulations;
}

export class DeviceConfigurationError extends Error {
  readonly code = 'devices.invalid_assignment';
  readonly role: DeviceRole;
  constructor(role: DeviceRole, message: string) {
    super(`${role}: ${message}`);
    this.name = 'DeviceConfigurationError';
    this.role = role;
  }
}

async function hidPathOf(role: DeviceRole, vendorId: number, productId: number, usagePage?: number): Promise<string> {
  const { listHidDevices } = await import('../../../drivers/transport/hid-device.ts');
  const match = (await listHidDevices()).find(
    (d) => d.vendorId === vendorId && d.productId === productId && d.path && (usagePage === undefined || d.usagePage === usagePage),
  );
  if (!match?.path) throw new DeviceConfigurationError(role, `no HID device ${vendorId.toString(16)}:${productId.toString(16)} is plugged in`);
  return match.path;
}

export async function buildFingerprintReader(a: DeviceAssignment, ctx: FactoryContext): Promise<FingerprintReader | null> {
  switch (a.transport) {
    case 'none':
      return null;
    case 'simulated': {
      const { SimulatedFingerprintReader } = await import('../../../drivers/fingerprint/simulated-fingerprint-reader.ts');
      return (ctx.simulations.fingerprint = new SimulatedFingerprintReader());
    }
    case 'serial': {
      const [{ SerialTransport }, { R30xDriver }] = await Promise.all([
        import('../../../drivers/transport/serial-transport.ts'),
        import('../../../drivers/fingerprint/r30x-driver.ts'),
      ]);
      return new R30xDriver({ transport: new SerialTransport({ path: a.path, baudRate: a.baud ?? 57_600 }), fastBaudRate: R30X_FAST_BAUD });
    }
    case 'hid': {
      const [{ Cp2110Transport }, { R30xDriver }] = await Promise.all([
        import('../../../drivers/transport/hid-transport.ts'),
        import('../../../drivers/fingerprint/r30x-driver.ts'),
      ]);
      const path = await hidPathOf('fingerprint', a.vendorId, a.productId);
      return new R30xDriver({ transport: new Cp2110Transport({ path, uart: { baudRate: a.baud ?? 57_600 } }), fastBaudRate: R30X_FAST_BAUD });
    }
    default:
      throw new DeviceConfigurationError('fingerprint', `cannot be attached by ${a.transport}`);
  }
}

export async function buildCardReader(a: DeviceAssignment, ctx: FactoryContext): Promise<CardReader | null> {
  switch (a.transport) {
    case 'none':
      return null;
    case 'simulated': {
      const { SimulatedCardReader } = await import('../../../drivers/card-reader/simulated-card-reader.ts');
      return (ctx.simulations.cardReader = new SimulatedCardReader());
    }
    case 'serial': {
      const [{ SerialTransport }, { SerialCardReader }] = await Promise.all([
        import('../../../drivers/transport/serial-transport.ts'),
        import('../../../drivers/card-reader/serial-card-reader.ts'),
      ]);
      return new SerialCardReader({ transport: new SerialTransport({ path: a.path, baudRate: a.baud ?? 9600 }) });
    }
    case 'hid': {
      const [{ HidPosScanner, HID_POS_USAGE_PAGE }, { HidCardReader }] = await Promise.all([
        import('../../../drivers/transport/hid-pos-scanner.ts'),
        import('../../../drivers/card-reader/hid-card-reader.ts'),
      ]);
      const path = await hidPathOf('cardReader', a.vendorId, a.productId, HID_POS_USAGE_PAGE);
      return new HidCardReader({ scanner: new HidPosScanner({ path }) });
    }
    default:
      throw new DeviceConfigurationError('cardReader', `cannot be attached by ${a.transport}`);
  }
}

export async function buildPrinter(a: DeviceAssignment, ctx: FactoryContext): Promise<ManagedPrinter | null> {
  const { EscPosPrinter } = await import('../../../drivers/printer/printer-driver.ts');
  let transport: ByteTransport;
  switch (a.transport) {
    case 'none':
      return null;
    case 'simulated': {
      // The simulated printer is a real ESC/POS listener on loopback: the real driver and TCP transport print to it.
      const [{ SimulatedPrinter }, { TcpTransport }] = await Promise.all([
        import('../../../drivers/printer/simulated-printer.ts'),
        import('../../../drivers/transport/tcp-transport.ts'),
      ]);
      const outputDir = join(ctx.dataDir, 'simulated-printer');
      mkdirSync(outputDir, { recursive: true });
      // KIOSK_SIMULATED_RECEIPT_PNG=0 (README): transcripts only, for long unattended runs.
      const pictures = process.env.KIOSK_SIMULATED_RECEIPT_PNG !== '0';
      const simulated = (ctx.simulations.printer = new SimulatedPrinter({ outputDir, pictures }));
      const address = await simulated.listen(0, '127.0.0.1');
      ctx.simulations.printerPort = address.port;
      return new ManagedPrinter('simulated', new EscPosPrinter(new TcpTransport({ host: '127.0.0.1', port: address.port })));
    }
    case 'tcp': {
      const { TcpTransport } = await import('../../../drivers/transport/tcp-transport.ts');
      transport = new TcpTransport({ host: a.host, port: a.port });
      break;
    }
    case 'serial': {
      const { SerialTransport } = await import('../../../drivers/transport/serial-transport.ts');
      transport = new SerialTransport({ path: a.path, baudRate: a.baud ?? 9600 });
      break;
    }
    case 'file': {
      const { FileTransport } = await import('../../../drivers/transport/file-transport.ts');
      transport = new FileTransport({ path: a.path });
      break;
    }
    default:
      throw new DeviceConfigurationError('printer', `cannot be attached by ${a.transport}`);
  }
  return new ManagedPrinter(`escpos-${a.transport}`, new EscPosPrinter(transport));
}
