/**
 * `kioskctl devices test ROLE`: what technician mode's "test" buttons do,
 * over SSH. Opens the device the configuration assigns to the role (stop the
 * kiosk service first if it holds the port), then captures a finger (quality;
 * `--image FILE` writes the image as a PGM), reads a card (parsed fields, RUN
 * masked), or prints the test receipt. Exit 0 when the test passed, 1 when it
 * failed (with what to do), as `devices probe`.
 */
import { writeFileSync } from 'node:fs';
import { DEVICE_ROLES, type DeviceRole } from '../../contract/index.ts';
import { DeviceManager } from '../devices/device-manager.ts';
import { silentLogger } from '../../../common/log.ts';
import { testCardReader, testFingerprint, testPrinter } from '../maintenance/device-tests.ts';
import { loadConfiguration, withDatabase } from '../maintenance/kiosk-files.ts';
import { DATA_DIR_OPTION, intOption, parseOptions } from './args.ts';
import { CliError, type CliCommand, CliOutcome, EXIT_CODES } from './cli-command.ts';
import { resolveDataDir } from './data-dir.ts';
import { englishResult } from './maintenance-english.ts';

const USAGE = 'devices test fingerprint|cardReader|printer [--timeout S] [--image FILE.pgm] [--data-dir DIR]';
const DEFAULT_TEST_TIMEOUT_S = 20;

export const deviceTestCommand: CliCommand = {
  path: ['devices', 'test'],
  usage: USAGE,
  summary:
    'Test the device assigned to a role: capture a finger (quality, image), read a card (fields, RUN masked) or print the test receipt; exit 1 if it fails',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { ...DATA_DIR_OPTION, timeout: { type: 'string' }, image: { type: 'string' } }, USAGE, true);
    const [role, ...rest] = positionals;
    if (role === undefined || rest.length > 0 || !(DEVICE_ROLES as readonly string[]).includes(role)) {
      throw new CliError('usage', `name one role: ${DEVICE_ROLES.join(', ')}`);
    }
    const timeoutMs = intOption(values.timeout, 'timeout', DEFAULT_TEST_TIMEOUT_S, 1, 120) * 1000;
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    const { config } = await withDatabase(dataDir, 'read', (db) => loadConfiguration(db, dataDir));
    const assignment = config.devices[role as DeviceRole];
    if (assignment.transport === 'none') throw new CliError('config.invalid', `no device is assigned to ${role}`, undefined, `devices.${role}`);
    // Only this role's device is opened; the others stay untouched.
    const none = { transport: 'none' } as const;
    const devices = new DeviceManager({
      assignments: { fingerprint: none, cardReader: none, printer: none, [role]: assignment },
      dataDir,
      log: silentLogger,
      simulated: config.simulatedDevices,
    });
    try {
      await devices.start();
      switch (role as DeviceRole) {
        case 'fingerprint': {
          const result = await testFingerprint(devices, assignment, timeoutMs);
          if (result.outcome === 'pass' && result.image !== null && values.image !== undefined) {
            const { width, height, pixelsBase64 } = result.image;
            // PGM (Netpbm P5): the simplest lossless greyscale file any image viewer opens.
            writeFileSync(values.image, Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'ascii'), Buffer.from(pixelsBase64, 'base64')]));
          }
          const shown =
            result.outcome === 'pass'
              ? {
                  ...result,
                  image:
                    result.image === null
                      ? null
                      : { width: result.image.width, height: result.image.height, ...(values.image !== undefined && { file: values.image }) },
                }
              : result;
          return new CliOutcome({ role, test: englishResult(shown) }, result.outcome === 'pass' ? EXIT_CODES.ok : EXIT_CODES.failed);
        }
        case 'cardReader': {
          const result = await testCardReader(devices, assignment, timeoutMs);
          return new CliOutcome({ role, test: englishResult(result) }, result.outcome === 'pass' ? EXIT_CODES.ok : EXIT_CODES.failed);
        }
        case 'printer': {
          const result = await testPrinter(devices, assignment, config.kioskId, new Date(), timeoutMs);
          return new CliOutcome({ role, test: englishResult(result) }, result.outcome === 'pass' ? EXIT_CODES.ok : EXIT_CODES.failed);
        }
      }
    } finally {
      await devices.stop();
    }
    throw new CliError('usage', `name one role: ${DEVICE_ROLES.join(', ')}`);
  },
};
