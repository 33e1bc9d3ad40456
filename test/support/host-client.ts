import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { BrowserHost } from '../../electron/browser-host/server/host.ts';

/** A renderer directory with just an index.html, for host tests that do not need the real build. */
export function fakeRendererDir(): { rendererDir: string; bridgeFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-renderer-'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><title>t</title><script type="module" src="./assets/app.js"></script></head><body></body></html>',
  );
  const bridgeFile = join(dir, 'bridge-fixture.js');
  writeFileSync(bridgeFile, '/* bridge */');
  return { rendererDir: dir, bridgeFile };
}

export interface HostMessage {
  type: 'result' | 'event';
  id?: number | null;
  result?: { ok: boolean; value?: unknown; error?: { code: string; messageKey: string; retryable: boolean } };
  event?: string;
  payload?: unknown;
}

/**
 * What a browser does with a launch token: GET it, keep the session cookie the host sets. Each token works once.
 */
export function tradeLaunchToken(port: number, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `/?token=${encodeURIComponent(token)}` }, (res) => {
      res.resume();
      const cookie = String(res.headers['set-cookie'] ?? '').split(';')[0];
      if (res.statusCode === 303 && cookie?.startsWith('kiosk_token=')) resolve(cookie);
      else reject(new Error(`the host did not trade the launch token: HTTP ${res.statusCode}`));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A WebSocket client that behaves like the bridge: same origin, a session cookie got for the current launch token. */
export class HostClient {
  readonly messages: HostMessage[] = [];
  #nextId = 1;
  #waiters: (() => void)[] = [];
  readonly ws: WebSocket;
  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as HostMessage);
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  static async connect(host: BrowserHost, headers: Record<string, string> = {}): Promise<HostClient> {
    const cookie = headers.Cookie ?? (await tradeLaunchToken(host.port, host.launchToken()));
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/__kiosk/ws`, {
      headers: { Origin: `http://127.0.0.1:${host.port}`, ...headers, Cookie: cookie },
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new HostClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  async waitFor(predicate: (m: HostMessage) => boolean, timeoutMs = 20_000): Promise<HostMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('timed out waiting for a host message');
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  async invoke(command: string, payload?: unknown): Promise<NonNullable<HostMessage['result']>> {
    const id = this.#nextId++;
    this.ws.send(JSON.stringify({ id, command, payload }));
    const answer = await this.waitFor((m) => m.type === 'result' && m.id === id);
    return answer.result!;
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  close(): void {
    this.ws.close();
  }
}

/** Polls a condition (for state held by another process); fails after `timeoutMs` rather than hanging. */
export async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
