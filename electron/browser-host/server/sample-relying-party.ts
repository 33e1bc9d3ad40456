/**
 * `npm start` runs the sample relying party ("Municipalidad de Ejemplo",
 * relying-party/main.ts) beside the embedded central sandbox, so that a
 * citizen enrolled at the kiosk can try signing in with the new credential.
 * A child process, like the sandbox (the hosts may not import relying-party/),
 * pointed at the sandbox's issuer and CA. It is a convenience: if it cannot
 * start (its port is taken, most often), the reason is one line and the kiosk
 * starts all the same.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import type { Logger } from '../../../common/log.ts';
import type { KioskCentral } from './central-choice.ts';

export const SAMPLE_RELYING_PARTY_LABEL = 'Municipalidad de Ejemplo (sign-in sample)';
/** The port the sandbox's built-in client is registered for by default (central/oidc/config.ts). */
export const DEFAULT_SAMPLE_PORT = 5180;

/**
 * The sandbox registers the sample's redirect URIs when it starts, so the
 * sample's port is settled before the sandbox starts: RP_PORT (default 5180),
 * and RP_PORT=0 picks a free port here. For any port but the default the
 * sandbox is told the matching redirect URIs, unless
 * CENTRAL_OIDC_SAMPLE_REDIRECT_URIS already names them. A port that is not a
 * number is left for the relying party to refuse in its own words.
 */
export async function planSampleRelyingParty(
  env: NodeJS.ProcessEnv,
): Promise<{ readonly rpEnv: Record<string, string>; readonly centralEnv: Record<string, string> }> {
  const text = env.RP_PORT ?? '';
  if (text !== '' && !(/^\d{1,5}$/.test(text) && Number(text) <= 65_535)) return { rpEnv: {}, centralEnv: {} };
  let port = text === '' ? DEFAULT_SAMPLE_PORT : Number(text);
  if (port === 0) port = await freePort();
  const centralEnv: Record<string, string> =
    port === DEFAULT_SAMPLE_PORT || env.CENTRAL_OIDC_SAMPLE_REDIRECT_URIS
      ? {}
      : { CENTRAL_OIDC_SAMPLE_REDIRECT_URIS: `http://127.0.0.1:${port}/callback,http://localhost:${port}/callback` };
  return { rpEnv: { RP_PORT: String(port) }, centralEnv };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface SampleRelyingParty {
  /** `http://127.0.0.1:5180/`, or null when it did not start. */
  readonly url: string | null;
  /** What the person who started the kiosk reads: the address, or why there is none. */
  readonly line: string;
  stop(): Promise<void>;
}

export interface SampleRelyingPartyOptions {
  /** relying-party/main.ts */
  readonly entry: string;
  /** The provider: the embedded sandbox's URL and CA file; null when the kiosk uses a central of its own. */
  readonly provider: { readonly issuer: string; readonly caFile: string } | null;
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  /** How long to wait for its address before giving up on it. */
  readonly startTimeoutMs?: number;
}

const notStarted = (reason: string): SampleRelyingParty => ({
  url: null,
  line: `${SAMPLE_RELYING_PARTY_LABEL}: not started (${reason})`,
  stop: () => Promise.resolve(),
});

/** Never rejects: whatever happens to the sample, the kiosk goes on. */
export function startSampleRelyingParty(options: SampleRelyingPartyOptions): Promise<SampleRelyingParty> {
  if (options.env.KIOSK_SAMPLE_RELYING_PARTY === '0') return Promise.resolve(notStarted('KIOSK_SAMPLE_RELYING_PARTY=0'));
  if (options.provider === null) {
    return Promise.resolve(notStarted('this kiosk uses a central of its own; `npm run relying-party` with RP_ISSUER and RP_CA_FILE runs it against one'));
  }
  const child = spawn(process.execPath, [options.entry], {
    env: {
      ...options.env,
      RP_ISSUER: options.provider.issuer,
      RP_CA_FILE: options.provider.caFile,
      // The sandbox's client secret, when the kiosk's environment changes it for the embedded sandbox.
      ...(options.env.CENTRAL_OIDC_SAMPLE_SECRET && !options.env.RP_CLIENT_SECRET && { RP_CLIENT_SECRET: options.env.CENTRAL_OIDC_SAMPLE_SECRET }),
      // Quiet when the kiosk is (tests run it at warn).
      RP_LOG_LEVEL: options.env.RP_LOG_LEVEL ?? options.env.KIOSK_LOG_LEVEL,
    },
    // The channel carries no messages: the relying party stops when it closes (its host died, SIGKILL included).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve) => {
    let settled = false;
    let lastError = '';
    const settle = (result: SampleRelyingParty) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      settle(notStarted('it did not answer in time'));
    }, options.startTimeoutMs ?? 30_000);
    child.once('error', (error) => settle(notStarted(error.message)));
    child.once('exit', (code, signal) => {
      if (settled) options.log.log(code === 0 ? 'info' : 'warn', 'relying_party.exited', { code, signal });
      else settle(notStarted(lastError !== '' ? lastError : `it exited with ${code ?? signal}`));
    });
    // Its log lines (JSON) go on to the kiosk's stderr; the last plain one is the reason it gives for stopping.
    createInterface({ input: child.stderr! }).on('line', (line) => {
      process.stderr.write(`${line}\n`);
      if (!line.startsWith('{')) lastError = line;
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = new RegExp(`^${SAMPLE_RELYING_PARTY_LABEL.replace(/[()]/g, '\\$&')}: (http://\\S+)$`).exec(line)?.[1];
      if (url === undefined) return;
      options.log.log('info', 'relying_party.started', { pid: child.pid ?? 0 });
      settle({ url, line: `${SAMPLE_RELYING_PARTY_LABEL}: ${url}`, stop: () => stopChild(child, exited) });
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') child.kill('SIGKILL');
}

/** The embedded sandbox is the provider the sample is registered with; a kiosk with a central of its own gets no sample. */
export function sampleProvider(central: KioskCentral): { issuer: string; caFile: string } | null {
  const issuer = central.serviceEnv.KIOSK_CENTRAL_URL;
  const caFile = central.serviceEnv.KIOSK_CENTRAL_CA;
  return central.choice.kind === 'embedded' && issuer !== undefined && caFile !== undefined ? { issuer, caFile } : null;
}
