/**
 * `npm run -s central -- kiosks …`: the operator's fleet commands, run
 * against the data directory's database directly (WAL: they work while the
 * server runs, which reads the directive afresh for every heartbeat).
 *
 *     kiosks [--data-dir DIR]                 the fleet view as JSON (the same document as GET /admin/kiosks.json)
 *     kiosks service <kioskId> --out [--office TEXT] [--reason TEXT] [--data-dir DIR]
 *     kiosks service <kioskId> --in [--data-dir DIR]
 *
 * Exit codes (sysexits.h): 0 done, 64 usage, 65 no such kiosk or a value the
 * contract refuses, 66 no data directory or database.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { kioskServiceBodySchema } from '../api/heartbeat-wire.ts';
import { KioskFleet } from '../api/kiosk-fleet.ts';
import { isValidKioskId } from '../pki/certificates.ts';
import { openCentralDatabase, schemaVersion } from '../storage/index.ts';
import { MIGRATIONS } from '../storage/migrations/index.ts';

export const EXIT_OK = 0;
export const EXIT_USAGE = 64;
export const EXIT_DATA = 65;
export const EXIT_NO_INPUT = 66;

export interface CommandIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly now: () => number;
}

const USAGE = `usage: central kiosks [--data-dir DIR]
       central kiosks service <kioskId> --out [--office TEXT] [--reason TEXT] [--data-dir DIR]
       central kiosks service <kioskId> --in [--data-dir DIR]
`;

/** The operator who set a directive from the command line (the HTTP endpoint records the certificate's id instead). */
export const CLI_OPERATOR = 'cli';

export function runKiosksCommand(args: readonly string[], io: CommandIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        out: { type: 'boolean' },
        in: { type: 'boolean' },
        office: { type: 'string' },
        reason: { type: 'string' },
      },
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const dataDir = resolve(values['data-dir'] ?? io.env.CENTRAL_DATA_DIR ?? '.central-data');
  const databasePath = join(dataDir, 'central.db');
  const usage = (problem: string) => {
    io.stderr(`${problem}\n${USAGE}`);
    return EXIT_USAGE;
  };

  if (positionals.length === 0) {
    if (values.out || values.in || values.office !== undefined || values.reason !== undefined)
      return usage('--out, --in, --office and --reason belong to "kiosks service"');
    if (!existsSync(databasePath)) return noDatabase(io, databasePath);
    const db = openCentralDatabase(databasePath, { readonly: true });
    try {
      if (schemaVersion(db) < MIGRATIONS.length) {
        io.stderr(`${databasePath} predates the fleet tables; start the server once to migrate it\n`);
        return EXIT_NO_INPUT;
      }
      io.stdout(`${JSON.stringify(new KioskFleet(db).view(io.now()), null, 2)}\n`);
      return EXIT_OK;
    } finally {
      db.close();
    }
  }

  const [subcommand, kioskId, ...rest] = positionals;
  if (subcommand !== 'service') return usage(`unknown command "${subcommand}"`);
  if (kioskId === undefined || rest.length > 0) return usage('"kiosks service" takes exactly one kiosk id');
  if (values.out === values.in) return usage('say --out or --in');
  if (values.in && (values.office !== undefined || values.reason !== undefined)) return usage('--office and --reason go with --out');
  const body = kioskServiceBodySchema.safeParse({
    outOfService: values.out === true,
    ...(values.office !== undefined && { office: values.office }),
    ...(values.reason !== undefined && { reason: values.reason }),
  });
  if (!body.success) {
    io.stderr(`${body.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n')}\n`);
    return EXIT_DATA;
  }
  if (!existsSync(databasePath)) return noDatabase(io, databasePath);
  const db = openCentralDatabase(databasePath);
  try {
    const fleet = new KioskFleet(db);
    if (!isValidKioskId(kioskId) || !fleet.isKnown(kioskId)) {
      io.stderr(`no kiosk "${kioskId}" in ${databasePath}\n`);
      return EXIT_DATA;
    }
    const state = db.transaction(() => fleet.setService(kioskId, body.data, CLI_OPERATOR, io.now())).immediate();
    io.stdout(`${JSON.stringify({ ...state, setAt: new Date(state.setAt).toISOString() }, null, 2)}\n`);
    return EXIT_OK;
  } finally {
    db.close();
  }
}

function noDatabase(io: CommandIo, databasePath: string): number {
  io.stderr(`no central database at ${databasePath} (start the server once with this data directory, or pass --data-dir)\n`);
  return EXIT_NO_INPUT;
}
