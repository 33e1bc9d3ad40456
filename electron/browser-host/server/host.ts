import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { fail, isCommandName, type Result, validateCommand } from '../../contract/index.ts';
import { buildContentSecurityPolicy } from '../../../common/csp.ts';
import type { Logger } from '../../../common/log.ts';
import { isAllowedHost, isAllowedOrigin, isLoopbackAddress, readCookie, TOKEN_COOKIE, tokenMatches } from './access.ts';
import { runCommand, type ServiceLink } from '../../host/service-link.ts';
import { BRIDGE_PATH, injectBridge, loadStaticFiles, type StaticFile } from './static-files.ts';

export const WS_PATH = '/__kiosk/ws';
/** Far above any legitimate command; a larger frame closes the socket. */
const MAX_MESSAGE_BYTES = 64 * 1024;

export interface BrowserHostOptions {
  readonly rendererDir: string;
  readonly bridgeFile: string;
  readonly service: ServiceLink;
  readonly log: Logger;
  /**
   * Whether dev.* commands and window.kiosk.dev are offered (simulated devices). A function is asked at each
   * page load and command: the service's configuration can change when a technician restarts it.
   */
  readonly dev: boolean | (() => boolean);
  /** 0 picks a free port. */
  readonly port: number;
  /** Defaults to a fresh random token per launch. */
  readonly token?: string;
}

export interface BrowserHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const ClientMessageSchema = z.object({ id: z.number().int().nonnegative(), command: z.string().max(64), payload: z.unknown().optional() }).strict();

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': buildContentSecurityPolicy({ connectSrc: ["'self'"] }),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), hid=(), serial=()',
};

/**
 * The browser host: serves the built renderer on loopback and implements
 * window.kiosk over a WebSocket. Everything needs the per-launch token: the
 * address printed at start carries it once (`?token=`), the host trades it for
 * an HttpOnly SameSite=Strict cookie and redirects to the bare address.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { log, service } = options;
  const token = options.token ?? randomBytes(32).toString('base64url');
  const dev = typeof options.dev === 'function' ? options.dev : () => options.dev === true;
  const rendererIndex = readFileSync(join(options.rendererDir, 'index.html'), 'utf8');
  const indexPages = new Map<boolean, StaticFile>(
    [true, false].map((on) => [on, { body: Buffer.from(injectBridge(rendererIndex, on)), contentType: 'text/html; charset=utf-8' }]),
  );
  const files = loadStaticFiles(options.rendererDir, {
    '/index.html': indexPages.get(false)!,
    [BRIDGE_PATH]: { body: readFileSync(options.bridgeFile), contentType: 'text/javascript; charset=utf-8' },
  });
  let port = 0;

  const refuse = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`${text}\n`);
  };

  const serveHttp = (req: IncomingMessage, res: ServerResponse) => {
    if (!isLoopbackAddress(req.socket.remoteAddress)) return refuse(res, 403, 'Forbidden');
    if (!isAllowedHost(req.headers.host, port)) return refuse(res, 421, 'Misdirected request');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const offered = url.searchParams.get('token');
    if (offered !== null) {
      if (!tokenMatches(offered, token)) return refuse(res, 401, 'This kiosk address needs the token printed at start-up.');
      url.searchParams.delete('token');
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        'Set-Cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: `${url.pathname}${url.search}`,
        'Cache-Control': 'no-store',
      });
      return res.end();
    }
    if (!tokenMatches(readCookie(req.headers.cookie, TOKEN_COOKIE), token)) {
      return refuse(res, 401, 'This kiosk address needs the token printed at start-up (the "Kiosk UI:" line).');
    }
    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    const file: StaticFile | undefined = path === '/index.html' ? indexPages.get(dev()) : files.get(path);
    if (!file) return refuse(res, 404, 'Not found');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': file.body.length,
      // Hashed assets may be cached; the entry page and the bridge may not.
      'Cache-Control': url.pathname.startsWith('/assets/') ? 'private, max-age=31536000, immutable' : 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  const server = createServer(serveHttp);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clients = new Set<WebSocket>();

  const rejectUpgrade = (socket: Duplex, status: number, reason: string, text: string) => {
    log.log('warn', 'ws.refused', { reason });
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== WS_PATH) return rejectUpgrade(socket, 404, 'path', 'Not Found');
    if (!isLoopbackAddress(req.socket.remoteAddress)) return rejectUpgrade(socket, 403, 'remote', 'Forbidden');
    if (!isAllowedHost(req.headers.host, port)) return rejectUpgrade(socket, 421, 'host', 'Misdirected Request');
    if (!isAllowedOrigin(req.headers.origin, port)) return rejectUpgrade(socket, 403, 'origin', 'Forbidden');
    if (!tokenMatches(readCookie(req.headers.cookie, TOKEN_COOKIE), token)) return rejectUpgrade(socket, 401, 'token', 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('error', () => ws.terminate());
      ws.on('message', (data, isBinary) => void onMessage(ws, data.toString(), isBinary));
    });
  });

  const send = (ws: WebSocket, message: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };

  async function onMessage(ws: WebSocket, text: string, isBinary: boolean) {
    let raw: unknown;
    try {
      raw = isBinary ? undefined : JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const message = ClientMessageSchema.safeParse(raw);
    if (!message.success) {
      log.log('warn', 'command.refused', { code: 'contract.invalid_payload', command: null });
      const id = typeof (raw as { id?: unknown } | undefined)?.id === 'number' ? (raw as { id: number }).id : null;
      return send(ws, { type: 'result', id, result: fail('contract.invalid_payload') });
    }
    const { id, command, payload } = message.data;
    send(ws, { type: 'result', id, result: await dispatch(command, payload) });
  }

  async function dispatch(command: string, payload: unknown): Promise<Result<unknown>> {
    const validated = validateCommand(command, payload, { dev: dev() });
    if (!validated.ok) {
      // An unknown command name is page-controlled text and could carry anything: it is not logged.
      log.log('warn', 'command.refused', { code: validated.error.code, command: isCommandName(command) ? command : '(unknown)' });
      return validated;
    }
    return runCommand(service, validated.value, log);
  }

  const broadcast = (event: string, payload: unknown) => {
    for (const ws of clients) send(ws, { type: 'event', event, payload });
  };
  const offEvent = service.onEvent(broadcast);
  const offStatus = service.onStatus((status) => broadcast('service.status', status));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  log.log('info', 'host.listening', { port });

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    async close() {
      offEvent();
      offStatus();
      for (const ws of clients) ws.close(1001, 'host stopping');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
