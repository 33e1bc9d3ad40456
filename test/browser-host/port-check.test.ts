import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { assertPortFree, PortInUse } from '../../electron/browser-host/server/port-check.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

function listen(port: number): Promise<number> {
  const server = createServer();
  servers.push(server);
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

describe("the browser host's port check", () => {
  it('refuses a taken port with an error that names it and says what to do', async () => {
    const taken = await listen(0);
    const error = await assertPortFree(taken, '127.0.0.1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUse);
    expect((error as PortInUse).code).toBe('host.port_in_use');
    expect((error as PortInUse).message).toBe(
      `Port ${taken} on 127.0.0.1 is in use (another kiosk?): stop it, or start with --port N / KIOSK_PORT=N (0 picks a free one).`,
    );
  });

  it('lets a free port through and leaves it free', async () => {
    const port = await listen(0);
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    await expect(assertPortFree(port, '127.0.0.1')).resolves.toBeUndefined();
    await expect(listen(port)).resolves.toBe(port);
  });

  it('always lets port 0 through (the system picks a free one)', async () => {
    await expect(assertPortFree(0, '127.0.0.1')).resolves.toBeUndefined();
  });
});
