/**
 * A small router: method + path pattern → handler. Patterns are literal
 * segments and `:name` parameters (one non-empty segment, percent-decoded).
 *
 * `route()` declares an endpoint kiosks call: it runs only for a request whose
 * TLS client certificate maps to a registered, unrevoked kiosk, and the
 * handler sees that kiosk as `request.kiosk`. `publicRoute()` is the explicit,
 * greppable exception (kiosk registration; later the citizen's activation page
 * and the development mailbox). Secure by default: forgetting to choose gives
 * the mTLS one.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { KioskIdentity } from '../pki/kiosk-registration.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** How the body is read: JSON (`application/json`), an HTML form, or not at all. */
export type RouteBodyKind = 'json' | 'form' | 'none';

interface BaseRequest<Body> {
  method: HttpMethod;
  path: string;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON (`unknown`: validate it), URLSearchParams for forms, undefined for 'none'. */
  body: Body;
  raw: IncomingMessage;
}
export interface KioskRequest<Body = unknown> extends BaseRequest<Body> {
  kiosk: KioskIdentity;
}
export interface PublicRequest<Body = unknown> extends BaseRequest<Body> {
  kiosk: null;
}

export interface CentralResponse {
  status: number;
  headers?: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
}

type Handler<R> = (request: R) => CentralResponse | Promise<CentralResponse>;

export interface RouteOptions {
  body?: RouteBodyKind;
  /** Overrides the server's body limit for this route. */
  bodyLimitBytes?: number;
}

interface RouteCommon {
  method: HttpMethod;
  pattern: string;
  body: RouteBodyKind;
  bodyLimitBytes: number | undefined;
  segments: readonly string[];
}

export type RouteDefinition =
  (RouteCommon & { auth: 'kiosk'; handler: Handler<KioskRequest> }) | (RouteCommon & { auth: 'public'; handler: Handler<PublicRequest> });

function common(method: HttpMethod, pattern: string, options: RouteOptions): RouteCommon {
  if (!pattern.startsWith('/')) throw new RangeError(`route pattern must start with '/': ${pattern}`);
  const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  return { method, pattern, body: options.body ?? (hasBody ? 'json' : 'none'), bodyLimitBytes: options.bodyLimitBytes, segments: pattern.split('/').slice(1) };
}

export function route(method: HttpMethod, pattern: string, handler: Handler<KioskRequest>, options: RouteOptions = {}): RouteDefinition {
  return { ...common(method, pattern, options), auth: 'kiosk', handler };
}

export function publicRoute(method: HttpMethod, pattern: string, handler: Handler<PublicRequest>, options: RouteOptions = {}): RouteDefinition {
  return { ...common(method, pattern, options), auth: 'public', handler };
}

export type RouteMatch =
  | { kind: 'found'; route: RouteDefinition; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allow: HttpMethod[]; public: boolean }
  | { kind: 'not_found' };

export interface Router {
  add(...routes: RouteDefinition[]): void;
  match(method: string, path: string): RouteMatch;
  readonly routes: readonly RouteDefinition[];
}

export function createRouter(initial: readonly RouteDefinition[] = []): Router {
  const routes: RouteDefinition[] = [];
  const router: Router = {
    routes,
    add(...added) {
      for (const candidate of added) {
        if (routes.some((existing) => existing.method === candidate.method && existing.pattern === candidate.pattern)) {
          throw new RangeError(`duplicate route ${candidate.method} ${candidate.pattern}`);
        }
        routes.push(candidate);
      }
    },
    match(method, path) {
      const segments = path.split('/').slice(1);
      const allow: HttpMethod[] = [];
      let allPublic = true;
      for (const candidate of routes) {
        const params = matchSegments(candidate.segments, segments);
        if (params === null) continue;
        if (candidate.method === method) return { kind: 'found', route: candidate, params };
        allow.push(candidate.method);
        allPublic &&= candidate.auth === 'public';
      }
      return allow.length > 0 ? { kind: 'method_not_allowed', allow, public: allPublic } : { kind: 'not_found' };
    },
  };
  router.add(...initial);
  return router;
}

function matchSegments(pattern: readonly string[], path: readonly string[]): Record<string, string> | null {
  if (pattern.length !== path.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const expected = pattern[i]!;
    const actual = path[i]!;
    if (expected.startsWith(':')) {
      if (actual === '') return null;
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null; // malformed percent-encoding: no resource has that name
      }
    } else if (expected !== actual) {
      return null;
    }
  }
  return params;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): CentralResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

export function html(status: number, markup: string, headers: Record<string, string> = {}): CentralResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body: markup };
}
