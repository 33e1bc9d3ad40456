/**
 * Reading request bodies with a hard size limit. The declared Content-Length
 * is checked before a byte is read, and a chunked body is counted as it
 * arrives, so an oversized request is answered 413 at once instead of being
 * buffered (OWASP API Security Top 10 2023, API4: unrestricted resource
 * consumption). Slow senders are bounded by the server's requestTimeout.
 */
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { TRANSPORT_PROBLEMS } from './problem.ts';
import type { RouteBodyKind } from './router.ts';

export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

const MEDIA_TYPES: Readonly<Record<Exclude<RouteBodyKind, 'none'>, string>> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
};

export async function readRequestBody(request: IncomingMessage, kind: RouteBodyKind, limit: number): Promise<unknown> {
  if (kind === 'none') return undefined;
  checkContentType(request, MEDIA_TYPES[kind]);
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw TRANSPORT_PROBLEMS.payloadTooLarge(limit);
  const bytes = await collect(request, limit);
  const text = decodeUtf8(bytes);
  if (kind === 'form') return new URLSearchParams(text);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw TRANSPORT_PROBLEMS.malformedJson();
  }
}

/**
 * Validates a parsed body against a zod schema; a mismatch is invalid_request,
 * 400 by default (newer operations answer 422: the JSON was fine, its content is not).
 */
export function validateBody<T>(schema: z.ZodType<T>, value: unknown, status: 400 | 422 = 400): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Issue paths and messages only: zod's messages name types and keys, never the rejected values.
  throw TRANSPORT_PROBLEMS.invalidRequest(result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; '), status);
}

/** RFC 8259 §8.1: JSON is UTF-8; a charset parameter, if sent, must say so. */
function checkContentType(request: IncomingMessage, expected: string): void {
  const [mediaType = '', ...parameters] = (request.headers['content-type'] ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters
    .find((parameter) => parameter.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (mediaType !== expected || (charset !== undefined && charset !== 'utf-8')) {
    throw TRANSPORT_PROBLEMS.unsupportedMediaType(`${expected}; charset=utf-8`);
  }
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw TRANSPORT_PROBLEMS.malformedBody('the body is not valid UTF-8');
  }
}

function collect(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        cleanup();
        // Stop buffering; the caller answers 413 and closes the connection.
        request.pause();
        reject(TRANSPORT_PROBLEMS.payloadTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, length));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(TRANSPORT_PROBLEMS.malformedBody(error.name));
    };
    const onAborted = () => onError(new Error('aborted'));
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('aborted', onAborted);
  });
}

/**
 * True while body bytes may still be on their way. `complete` alone is not
 * enough: for a request without a body it only turns true after the request
 * handler has started. RFC 9112 §6.3: no Transfer-Encoding and no (or a zero)
 * Content-Length means there is no body.
 */
export function hasUnreadBody(request: IncomingMessage): boolean {
  if (request.complete) return false;
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** How much of a refused body we read and throw away before giving up on a graceful close. */
export const DISCARD_LIMIT_BYTES = 1024 * 1024;
export const DISCARD_LIMIT_MS = 5_000;

/**
 * Called when we answered before reading the whole body (refused early, or
 * over the limit). Closing at once would make the kernel answer the client's
 * still-arriving bytes with a TCP reset, which can destroy our response before
 * the client reads it (the "lingering close" problem, RFC 9112 §9.6). So we
 * read and discard a bounded amount, then close the connection if asked; past
 * the bound, or if the client stalls, the socket is destroyed.
 */
export function discardUnreadBody(request: IncomingMessage, closeAfter: boolean): void {
  const socket = request.socket;
  let discarded = 0;
  const timer = setTimeout(() => socket.destroy(), DISCARD_LIMIT_MS);
  timer.unref();
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT_BYTES) {
      clearTimeout(timer);
      socket.destroy();
    }
  });
  request.once('end', () => {
    clearTimeout(timer);
    if (closeAfter) socket.end();
  });
  request.once('close', () => clearTimeout(timer));
  request.resume();
}
