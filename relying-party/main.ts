/**
 * `npm run relying-party`: the sample relying party against a provider named
 * by RP_ISSUER (with `npm run central`: its `Central API:` URL, and RP_CA_FILE
 * its `CA certificate:` file). Prints its address and runs until SIGINT or
 * SIGTERM; started by the kiosk's `npm start`, it also stops when the IPC
 * channel to its parent closes.
 */
import { createLogger, logLevelFromEnv } from '../common/log.ts';
import { type RelyingPartyConfig, RelyingPartyConfigError, relyingPartyConfigFromEnv } from './config.ts';
import { type RelyingParty, RelyingPartyPortInUse, startRelyingParty } from './server.ts';

/** EX_CONFIG and EX_UNAVAILABLE (sysexits.h): npm start tells a taken port from a bad setting by these. */
const EX_CONFIG = 78;
const EX_UNAVAILABLE = 69;

const log = createLogger((line) => process.stderr.write(line), 'relying-party', logLevelFromEnv(process.env.RP_LOG_LEVEL));

let config: RelyingPartyConfig;
try {
  config = relyingPartyConfigFromEnv(process.env);
} catch (error) {
  process.stderr.write(`${error instanceof RelyingPartyConfigError ? error.message : String(error)}\n`);
  process.exit(EX_CONFIG);
}

let relyingParty: RelyingParty;
try {
  relyingParty = await startRelyingParty({ config, log });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof RelyingPartyPortInUse ? EX_UNAVAILABLE : 70);
}
process.stdout.write(`Municipalidad de Ejemplo (sign-in sample): ${relyingParty.url}/\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await relyingParty.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
if (process.send !== undefined) {
  process.on('disconnect', () => void stop());
  if (!process.connected) void stop();
}
