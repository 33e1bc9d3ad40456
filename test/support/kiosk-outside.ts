/**
 * What an end-to-end test checks outside the kiosk's page: the simulated
 * printer's receipts in the kiosk's data directory, the embedded central
 * sandbox over HTTPS (trusting only its CA, as the kiosk does), and dev
 * commands sent the way the page's bridge sends them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import type { CommandInput, CommandName } from '../../electron/contract/commands.ts';
import { tradeLaunchToken } from './host-client.ts';
import type { RunningKiosk } from './kiosk-process.ts';

const WAIT_MS = 20_000;

/** Polls until `probe` returns a value; fails after `timeoutMs` rather than hanging. */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The simulated printer's text transcripts, oldest first. */
export function receiptTranscripts(kiosk: RunningKiosk): string[] {
  const dir = join(kiosk.dataDir, 'simulated-printer');
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => /^receipt-.*\.txt$/.test(name))
      .sort();
  } catch {
    return [];
  }
  return names.map((name) => readFileSync(join(dir, name), 'utf8'));
}

/** An activation code as central issues it (Crockford-like alphabet, three groups of four). */
export const ACTIVATION_CODE = /\b([2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})\b/;

export interface CentralSandbox {
  readonly url: string;
  readonly ca: Buffer;
  readonly dbFile: string;
}

/** The sandbox `npm start` embedded: its URL from the kiosk's `Central API:` line, its CA and database in the data directory. */
export function embeddedCentral(kiosk: RunningKiosk): CentralSandbox {
  const url = /^Central API: (https:\/\/\S+) \(embedded sandbox\)$/m.exec(kiosk.output())?.[1];
  if (url === undefined) throw new Error(`the kiosk did not print its embedded central's address:\n${kiosk.output()}`);
  return { url, ca: readFileSync(join(kiosk.dataDir, 'central/pki/ca.crt')), dbFile: join(kiosk.dataDir, 'central/central.db') };
}

export interface HttpsAnswer {
  readonly status: number;
  readonly body: string;
}

/** One HTTPS request to the sandbox, trusting only its CA. */
export function centralRequest(central: CentralSandbox, path: string, options: { method?: string; form?: Record<string, string> } = {}): Promise<HttpsAnswer> {
  const body = options.form === undefined ? undefined : new URLSearchParams(options.form).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, central.url),
      {
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        ca: central.ca,
        headers: body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
        timeout: WAIT_MS,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${path}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The citizen's web activation: open /activar, fill the form with the code from the receipt, submit it. */
export async function activateOnWeb(
  central: CentralSandbox,
  form: { run: string; code: string; email: string; phone: string; password: string },
): Promise<HttpsAnswer> {
  const page = await centralRequest(central, '/activar');
  const formKey = /name="formKey" value="([^"]+)"/.exec(page.body)?.[1];
  if (page.status !== 200 || formKey === undefined) throw new Error(`the activation page did not load (${page.status})`);
  return centralRequest(central, '/activar', { form: { formKey, ...form } });
}

export interface MailboxMessage {
  readonly channel: 'email' | 'sms';
  readonly recipient: string;
  readonly kind: string;
  readonly subject?: string | null;
  readonly body: string;
}

/** The sandbox's development mailbox for one recipient. */
export async function mailbox(central: CentralSandbox, recipient: string): Promise<MailboxMessage[]> {
  const answer = await centralRequest(central, `/dev/mailbox?recipient=${encodeURIComponent(recipient)}`);
  if (answer.status !== 200) throw new Error(`mailbox answered ${answer.status}`);
  return (JSON.parse(answer.body) as { messages: MailboxMessage[] }).messages;
}

/** How central's registry says the person's account was activated ('activation-code' or 'one-step'); undefined without an account. */
export function accountChannel(central: CentralSandbox, run: string): string | undefined {
  const db = new Database(central.dbFile, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT a.channel AS channel FROM accounts a JOIN persons p ON p.id = a.person_id WHERE p.run = ?').get(run.replace(/\./g, '')) as
      { channel: string } | undefined;
    return row?.channel;
  } finally {
    db.close();
  }
}

/**
 * A command to the kiosk over the browser host's socket, with the per-launch
 * token and the page's Origin, exactly as the page's bridge sends it. For
 * commands the contract declares but window.kiosk does not expose (at the
 * time of writing, dev.centralOutage).
 */
export async function hostCommand<K extends CommandName>(
  kiosk: RunningKiosk,
  command: K,
  payload: CommandInput<K>,
): Promise<{ ok: boolean; error?: { code: string } }> {
  const address = new URL(kiosk.url);
  const token = address.searchParams.get('token');
  if (token === null) throw new Error('the kiosk address has no token');
  const cookie = await tradeLaunchToken(Number(address.port), token);
  const ws = new WebSocket(`ws://${address.host}/__kiosk/ws`, { headers: { Origin: address.origin, Cookie: cookie } });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`host refused the socket: HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${command}`)), WAIT_MS);
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type?: string; id?: number; result?: { ok: boolean; error?: { code: string } } };
        if (message.type === 'result' && message.id === 1 && message.result !== undefined) {
          clearTimeout(timer);
          resolve(message.result);
        }
      });
      ws.send(JSON.stringify({ id: 1, command, payload }));
    });
  } finally {
    ws.close();
  }
}

/** Central "offline" for this kiosk (every call fails as if the network were down), or back. */
export async function setCentralOutage(kiosk: RunningKiosk, on: boolean): Promise<void> {
  const result = await hostCommand(kiosk, 'dev.centralOutage', { on });
  if (!result.ok) throw new Error(`dev.centralOutage refused: ${result.error?.code}`);
}
