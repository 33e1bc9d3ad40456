/**
 * kioskctl's data directory: --data-dir, else KIOSK_DATA_DIR, else the
 * checkout's .kiosk-data, as npm start uses.
 */
import { resolve } from 'node:path';
import { ConfigError, dataDirFromEnv, type Env } from '../config/service-config.ts';
import { CliError, EXIT_CODES } from './cli-command.ts';

/** `--data-dir` wins; then KIOSK_DATA_DIR; then the default the service itself uses (dataDirFromEnv). */
export function resolveDataDir(option: string | undefined, env: Env = process.env): string {
  if (option !== undefined) {
    if (option.trim() === '') throw new CliError('usage', '--data-dir needs a directory');
    return resolve(option);
  }
  try {
    return resolve(dataDirFromEnv(env));
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.code, error.message, EXIT_CODES.invalidConfiguration, error.field);
    throw error;
  }
}
