/**
 * The bridge's WebSocket transport against a real WebSocket server (ws) and
 * Node's own WebSocket client, the same API the page's Chromium gives it.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket as ServerSocket, WebSocketServer } from 'ws';
import { createWebSocketTransport } from '../../electron/browser-host/bridge/websocket-transport.ts';

interface Request {
  readonly id: number;
  readonly command: string;
}

/** A host stand-in that records each command and answers it with `{ ok: true, value: { command, n } }`, n counting per command. */
async function fakeHost() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const requests: Request[] = [];
  const held: Request[] = [];
  let client: ServerSocket | null = null;
  let holding = false;
  const answer = (ws: ServerSocket, request: Request) => {
    const n = requests.filter((r) => r.command === request.command).length;
    ws.send(JSON.stringify({ type: 'result', id: request.id, result: { ok: true, value: { command: request.command, n } } }));
  };
  const connected = new Promise<void>((resolve) =>
    server.on('connection', (ws) => {
      client = ws;
      ws.on('message', (data) => {
        const request = JSON.parse(String(data)) as Request;
        requests.push(request);
        if (holding) held.push(request);
        else answer(ws, request);
      });
      resolve();
    }),
  );
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    connected,
    /** Replies wait until `release`: lets a test push an event before an early reply lands. */
    hold: () => (holding = true),
    release: () => {
      holding = false;
      for (const request of held.splice(0)) answer(client!, request);
    },
    push: (event: string, payload: unknown) => client!.send(JSON.stringify({ type: 'event', event, payload })),
    until: async (predicate: () => boolean) => {
      while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    close: () => {
      client?.terminate();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

let host: Awaited<ReturnType<typeof fakeHost>> | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

const commands = (requests: readonly Request[]) => requests.map((r) => r.command);

describe('the bridge transport', () => {
  it('asks for the service status and the snapshot as soon as the socket opens, before the renderer asks', async () => {
    host = await fakeHost();
    createWebSocketTransport(host.url);
    await host.connected;
    await host.until(() => host!.requests.length === 2);
    expect(commands(host.requests).sort()).toEqual(['service.status', 'session.snapshot']);
  });

  it('answers the renderer’s first snapshot call with the early reply, without asking again; later calls go to the host', async () => {
    host = await fakeHost();
    const transport = createWebSocketTransport(host.url);
    await host.until(() => host!.requests.length === 2);
    expect(await transport.invoke('session.snapshot', undefined)).toEqual({ ok: true, value: { command: 'session.snapshot', n: 1 } });
    expect(await transport.invoke('service.status', undefined)).toEqual({ ok: true, value: { command: 'service.status', n: 1 } });
    expect(host.requests).toHaveLength(2);
    expect(await transport.invoke('session.snapshot', undefined)).toEqual({ ok: true, value: { command: 'session.snapshot', n: 2 } });
    expect(commands(host.requests).filter((c) => c === 'session.snapshot')).toHaveLength(2);
  });

  it('drops the early reply when a snapshot event came after it was asked for: the renderer’s call asks afresh', async () => {
    host = await fakeHost();
    host.hold();
    const transport = createWebSocketTransport(host.url);
    const seen: unknown[] = [];
    await host.until(() => host!.requests.length === 2);
    // Pushed before the early reply lands and before the renderer listens: the early reply may be older than it.
    const arrived: unknown[] = [];
    const stopProbe = transport.subscribe('session.snapshot', (payload) => arrived.push(payload));
    host.push('session.snapshot', { revision: 9 });
    await host.until(() => arrived.length === 1);
    stopProbe();
    host.release();
    transport.subscribe('session.snapshot', (payload) => seen.push(payload));
    expect(await transport.invoke('session.snapshot', undefined)).toEqual({ ok: true, value: { command: 'session.snapshot', n: 2 } });
    expect(commands(host.requests).filter((c) => c === 'session.snapshot')).toHaveLength(2);
    // The status had no newer event: its early reply still serves.
    expect(await transport.invoke('service.status', undefined)).toEqual({ ok: true, value: { command: 'service.status', n: 1 } });
    expect(seen).toEqual([]);
  });
});
