/**
 * The browser host's address is checked before anything else starts: a port
 * that is taken (most often by a kiosk already running) would otherwise be
 * found only after the central sandbox and the service were up, and reported
 * as a raw EADDRINUSE stack.
 */
import { createServer } from 'node:net';

export class PortInUse extends Error {
  readonly code = 'host.port_in_use';
  readonly port: number;
  readonly address: string;
  constructor(port: number, address: string) {
    super(`Port ${port} on ${address} is in use (another kiosk?): stop it, or start with --port N / KIOSK_PORT=N (0 picks a free one).`);
    this.name = 'PortInUse';
    this.port = port;
    this.address = address;
  }
}

export function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';
}

/**
 * Resolves when `port` on `address` can be listened on right now (port 0
 * always can), rejects with PortInUse when it cannot, and with the system's
 * error for anything else (EACCES for a privileged port, an address that is
 * not local). The caller still handles EADDRINUSE from its real listen: the
 * port can be taken between the two.
 */
export function assertPortFree(port: number, address: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(isAddressInUse(error) ? new PortInUse(port, address) : error));
    probe.listen({ port, host: address, exclusive: true }, () => probe.close(() => resolve()));
  });
}
