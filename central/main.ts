/**
 * `npm run central`: the sandbox standalone. Opens (creating and seeding on
 * first start) the database and PKI under CENTRAL_DATA_DIR (default
 * ./.central-data), listens on 127.0.0.1:CENTRAL_PORT (default 8443), prints
 * the URL, the CA certificate path and a fresh registration token for a dev
 * kiosk (CENTRAL_DEV_KIOSK_ID, default `kiosk-dev-01`), and stops cleanly on
 * SIGINT/SIGTERM. Log lines (JSON) go to stderr.
 *
 * CENTRAL_DEV_MAILBOX=1 serves the development mailbox (`/dev/mailbox`,
 * `/dev/mailbox.html`): it shows every message the sandbox "sent", generated
 * passwords included, to anyone who can reach the port, so it is off unless
 * asked for. The development sandbox `npm start` embeds sets it
 * (electron/browser-host/server/embedded-central.ts).
 *
 * CENTRAL_FAULTS turns on fault injection (off by default; server/faults.ts),
 * e.g. `latency=200,error_rate=0.1,drop_rate=0.05,lose_response_rate=0.1,seed=7`.
 *
 * CENTRAL_SOAK_CONTROL=1 (sandbox only, for `npm run soak`, test/soak/)
 * takes control messages from the parent over the IPC channel: faults armed
 * for the next requests, registration tokens for more kiosks, a synthetic
 * citizen's account reset (server/soak-control.ts). Answers go back the same
 * way. CENTRAL_SANDBOX_RATE_LIMIT_SCALE=N multiplies the verification rate
 * limits by N for a run of thousands of sessions from one simulated kiosk.
 *
 * The same origin is the ClaveÚnica OpenID Connect provider (oidc/): relying
 * parties from CENTRAL_OIDC_CLIENTS (oidc/config.ts); `oidc rotate-keys`
 * rotates its signing keys.
 *
 * `kiosks …` runs the operator's fleet commands instead of the server
 * (cli/kiosks-command.ts: the fleet view, a kiosk's service state).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { centralApiRoutes } from './api/routes.ts';
import { createCentralDomain } from './domain/index.ts';
import { startCentralServer } from './server/central-server.ts';
import { createArmableFaultInjector, createFaultInjector, parseFaultSpec } from './server/faults.ts';
import { createSoakControl, scaledRateLimits } from './server/soak-control.ts';
import { RATE_LIMITS } from './domain/rate-limits.ts';
import { createCentralLogger } from './server/log.ts';
import { createSqliteKioskPkiStore, loadOrCreateServerSecret, openCentralStorage } from './storage/index.ts';
import { oidcClientsOrExit, oidcCommand } from './oidc/cli.ts';
import { loadOrCreateSigningKeys } from './oidc/keys.ts';
import { createOpenIdProvider, type OpenIdProvider } from './oidc/provider.ts';

if (process.argv[2] === 'oidc') {
  const write = (stream: NodeJS.WriteStream) => (line: string) => stream.write(`${line}\n`);
  process.exit(oidcCommand(process.argv.slice(3), process.env.CENTRAL_DATA_DIR ?? '.central-data', write(process.stdout), write(process.stderr)));
}
if (process.argv[2] === 'kiosks') {
  // A read-only open of a WAL database creates its -wal and -shm files: owner-only, like the database (storage/database.ts).
  process.umask(0o077);
  const { runKiosksCommand } = await import('./cli/kiosks-command.ts');
  const write = (stream: NodeJS.WriteStream) => (text: string) => void stream.write(text);
  process.exit(runKiosksCommand(process.argv.slice(3), { env: process.env, stdout: write(process.stdout), stderr: write(process.stderr), now: Date.now }));
}
const oidcClients = oidcClientsOrExit(process.env);

const dataDir = resolve(process.env.CENTRAL_DATA_DIR ?? '.central-data');
const port = Number(process.env.CENTRAL_PORT ?? 8443);
const devKioskId = process.env.CENTRAL_DEV_KIOSK_ID ?? 'kiosk-dev-01';
const faults = parseFaultSpec(process.env.CENTRAL_FAULTS);
if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`CENTRAL_PORT must be a port number, got ${process.env.CENTRAL_PORT}`);
const devMailboxFlag = process.env.CENTRAL_DEV_MAILBOX || '0';
if (devMailboxFlag !== '0' && devMailboxFlag !== '1') throw new RangeError(`CENTRAL_DEV_MAILBOX must be 1 or 0, got ${devMailboxFlag}`);
const devMailbox = devMailboxFlag === '1';
const soakFlag = process.env.CENTRAL_SOAK_CONTROL || '0';
if (soakFlag !== '0' && soakFlag !== '1') throw new RangeError(`CENTRAL_SOAK_CONTROL must be 1 or 0, got ${soakFlag}`);
const soakControl = soakFlag === '1';
const rateLimitScale = Number(process.env.CENTRAL_SANDBOX_RATE_LIMIT_SCALE || '1');
const rateLimits = rateLimitScale === 1 ? null : scaledRateLimits(RATE_LIMITS, rateLimitScale);

mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const logger = createCentralLogger((line) => process.stderr.write(line));
const { db, seed } = openCentralStorage(join(dataDir, 'central.db'));
const domain = createCentralDomain({
  db,
  serverSecret: loadOrCreateServerSecret(dataDir),
  log: (event, fields) => logger.log('info', event, fields),
  ...(rateLimits && { policy: { rateLimits } }),
});
domain.purge();
let openId: OpenIdProvider | undefined;
const server = await startCentralServer({
  dataDir,
  port,
  host: '127.0.0.1',
  store: createSqliteKioskPkiStore(db),
  logger,
  routes: ({ pki }) => centralApiRoutes({ domain, devMailbox, hpke: pki.hpke, directiveSigner: pki.directive }),
  faults: soakControl ? null : faults,
  fallthrough: ({ url }) =>
    (openId = createOpenIdProvider({ issuer: url, ctx: domain.context, clients: oidcClients, signingKeys: loadOrCreateSigningKeys(dataDir), logger })),
});
openId?.purge();
const { token, expiresAt } = server.authority.issueRegistrationToken(devKioskId);
if (soakControl && process.send !== undefined) {
  const armable = createArmableFaultInjector(faults ? createFaultInjector(faults) : null);
  server.setFaultInjector(armable);
  const control = createSoakControl({ db, faults: armable, issueRegistrationToken: (kioskId) => server.authority.issueRegistrationToken(kioskId).token });
  process.on('message', (message: { id?: unknown; request?: unknown }) => {
    if (typeof message?.id !== 'number') return;
    process.send?.({ id: message.id, answer: control(message.request) });
  });
}
const purgeTimer = setInterval(() => {
  domain.purge();
  openId?.purge();
}, 60 * 60_000);
purgeTimer.unref();

process.stdout.write(
  [
    `Central API: ${server.url}`,
    `CA certificate: ${server.pki.paths.caCertificate}`,
    `Data directory: ${dataDir}${seed?.seeded ? ` (registry seeded: ${seed.persons} persons)` : ''}`,
    `Registration token for ${devKioskId} (until ${expiresAt.toISOString()}): ${token}`,
    `Activation page: ${server.url}/activar`,
    `OpenID Connect discovery: ${server.url}/.well-known/openid-configuration`,
    ...(devMailbox ? [`Development mailbox (CENTRAL_DEV_MAILBOX=1; it shows generated passwords): ${server.url}/dev/mailbox.html`] : []),
    ...(faults ? [`Fault injection ON: ${process.env.CENTRAL_FAULTS}`] : []),
    ...(soakControl ? ['Soak control ON (CENTRAL_SOAK_CONTROL=1): faults, tokens and account resets over IPC'] : []),
    ...(rateLimits ? [`Verification rate limits ×${rateLimitScale} (CENTRAL_SANDBOX_RATE_LIMIT_SCALE)`] : []),
    '',
  ].join('\n'),
);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.log('info', 'central_stopping', { signal });
  await server.close();
  db.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
// Embedded by a kiosk host (npm start), the sandbox has an IPC channel to it: the channel closes when the host
// dies, however it dies, and a sandbox left behind would keep the port and the database.
if (process.send !== undefined) {
  process.on('disconnect', () => void stop('parent_gone'));
  if (!process.connected) void stop('parent_gone');
}
