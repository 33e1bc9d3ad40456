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
import { createHostKeys, isAllowedHost, isAllowedOrigin, isLoopbackAddress, readCookie, TOKEN_COOKIE } from './access.ts';
import { LAUNCH_PATH, launchAddress } from './launch-page.ts';
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
  /**
   * Told the launch address (with the current single-use token) once the host listens, and a fresh one each time a
   * token is spent (synchronously, before the browser that spent it gets its answer): main writes it into the launch
   * page.
   */
  readonly onLaunchAddress?: (address: string) => void;
}

export interface BrowserHost {
  readonly url: string;
  readonly port: number;
  /** The current single-use launch token. */
  launchToken(): string;
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
 * window.kiosk over a WebSocket. Everything needs a session cookie, which a
 * browser gets once for a launch token (`?token=`, single-use; main hands it
 * over in a private launch page, launch-page.ts): the host sets an HttpOnly
 * SameSite=Strict cookie holding a different secret and sends the browser on
 * to the bare address. On `/__kiosk/launch`, where the launch page points, it
 * does so with a same-origin refresh rather than a redirect: a navigation that
 * began on a file:// page is cross-site, and Chromium would not send a Strict
 * cookie along a redirect chain that started there.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { log, service } = options;
  const keys = createHostKeys(() => randomBytes(32).toString('base64url'));
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
  // A launch page that cannot be rewritten (disk full) leaves the kiosk running; only a new browser cannot get in.
  const announceLaunchAddress = () => {
    try {
      options.onLaunchAddress?.(launchAddress(`http://127.0.0.1:${port}/`, keys.launchToken()));
    } catch (error) {
      log.log('error', 'host.launch_page_failed', {
        code: (error as { code?: unknown }).code === undefined ? null : String((error as { code?: unknown }).code),
      });
    }
  };

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
    const hasSession = keys.isSession(readCookie(req.headers.cookie, TOKEN_COOKIE));
    if (offered !== null) {
      const session = keys.spend(offered);
      // A spent token from a browser that already has its session (a reload, the history) just goes on.
      if (session === null && !hasSession) {
        log.log('warn', 'host.launch_token_refused');
        return refuse(res, 401, 'This launch token is not valid (each one opens the kiosk once): open the launch page of the "Kiosk UI:" line again.');
      }
      if (session !== null) {
        log.log('info', 'host.launch_token_spent');
        announceLaunchAddress();
      }
      url.searchParams.delete('token');
      const headers = {
        ...SECURITY_HEADERS,
        'Cache-Control': 'no-store',
        ...(session !== null && { 'Set-Cookie': `${TOKEN_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/` }),
      };
      if (url.pathname === LAUNCH_PATH) {
        res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
        return res.end('<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/"><title>Kiosco ClaveÚnica</title>\n');
      }
      res.writeHead(303, { ...headers, Location: `${url.pathname}${url.search}` });
      return res.end();
    }
    if (!hasSession) return refuse(res, 401, 'This kiosk address needs a session: open the launch page of the "Kiosk UI:" line.');
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
    if (!keys.isSession(readCookie(req.headers.cookie, TOKEN_COOKIE))) return rejectUpgrade(socket, 401, 'token', 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      log.log('info', 'ws.connected', { clients: clients.size });
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
  announceLaunchAddress();

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    launchToken: () => keys.launchToken(),
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
