/**
 * `npm start` embeds the central sandbox: `node central/main.ts` as a child
 * process (the host may not import central/), on loopback with a free port,
 * its data under the kiosk's data directory. The host reads the lines the
 * sandbox prints (URL, CA certificate path, a registration token for this
 * kiosk) and hands them to the kiosk service as KIOSK_CENTRAL_*.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from '../../../common/log.ts';

export interface EmbeddedCentral {
  url: string;
  caCertificateFile: string;
  /** One-time registration token for the kiosk; never logged. */
  registrationToken: string;
  stop(): Promise<void>;
}

export interface EmbeddedCentralOptions {
  /** central/main.ts */
  entry: string;
  dataDir: string;
  kioskId: string;
  log: Logger;
  /** How long to wait for the sandbox to print its URL. */
  startTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export function startEmbeddedCentral(options: EmbeddedCentralOptions): Promise<EmbeddedCentral> {
  const child = spawn(process.execPath, [options.entry], {
    // The development mailbox (generated passwords, confirmations) is this sandbox's only way to show what it "sent".
    env: {
      ...(options.env ?? process.env),
      CENTRAL_DATA_DIR: options.dataDir,
      CENTRAL_PORT: '0',
      CENTRAL_DEV_KIOSK_ID: options.kioskId,
      CENTRAL_DEV_MAILBOX: '1',
    },
    // The channel carries no messages: the sandbox stops when it closes, which is how it learns its host died (SIGKILL included).
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let url: string | undefined;
    let caCertificateFile: string | undefined;
    let registrationToken: string | undefined;
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(`embedded central did not start: ${reason}`));
    };
    const timer = setTimeout(() => fail('timed out'), options.startTimeoutMs ?? 60_000);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => {
      if (settled) options.log.log(code === 0 ? 'info' : 'warn', 'central.exited', { code, signal });
      else fail(`exited with ${code ?? signal}`);
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      url ??= /^Central API: (https:\/\/\S+)$/.exec(line)?.[1];
      caCertificateFile ??= /^CA certificate: (.+)$/.exec(line)?.[1];
      registrationToken ??= /^Registration token for \S+ \(until [^)]*\): (\S+)$/.exec(line)?.[1];
      if (settled || url === undefined || caCertificateFile === undefined || registrationToken === undefined) return;
      settled = true;
      clearTimeout(timer);
      options.log.log('info', 'central.started', { url, pid: child.pid ?? 0 });
      resolve({ url, caCertificateFile, registrationToken, stop: () => stopChild(child, exited) });
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') child.kill('SIGKILL');
}
