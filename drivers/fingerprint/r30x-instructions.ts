/**
 * Command packets: the core instruction set of ZFM-20 / R30x / AS608
 * (hardware-protocols.md §1.3). One table gives each instruction its code and
 * big-endian parameter fields; `Command` is derived from it, so the driver
 * (which encodes) and the simulator (which decodes) cannot drift apart.
 */
import { ProtocolError, type Result } from './errors.ts';
import { DEFAULT_ADDRESS, type Packet } from './r30x-packet.ts';

type FieldWidth = 1 | 2 | 4;
type FieldSpec = readonly [name: string, width: FieldWidth];

const SEARCH_FIELDS = [
  ['bufferId', 1],
  ['startPage', 2],
  ['pageCount', 2],
] as const;

export const INSTRUCTIONS = {
  genImg: { code: 0x01, fields: [] },
  img2Tz: { code: 0x02, fields: [['bufferId', 1]] },
  match: { code: 0x03, fields: [] },
  search: { code: 0x04, fields: SEARCH_FIELDS },
  regModel: { code: 0x05, fields: [] },
  store: {
    code: 0x06,
    fields: [
      ['bufferId', 1],
      ['pageId', 2],
    ],
  },
  loadChar: {
    code: 0x07,
    fields: [
      ['bufferId', 1],
      ['pageId', 2],
    ],
  },
  upChar: { code: 0x08, fields: [['bufferId', 1]] },
  downChar: { code: 0x09, fields: [['bufferId', 1]] },
  upImage: { code: 0x0a, fields: [] },
  downImage: { code: 0x0b, fields: [] },
  deleteChar: {
    code: 0x0c,
    fields: [
      ['pageId', 2],
      ['count', 2],
    ],
  },
  empty: { code: 0x0d, fields: [] },
  /** Register numbers: SYSTEM_REGISTER. */
  setSysPara: {
    code: 0x0e,
    fields: [
      ['register', 1],
      ['value', 1],
    ],
  },
  readSysPara: { code: 0x0f, fields: [] },
  setPwd: { code: 0x12, fields: [['password', 4]] },
  vfyPwd: { code: 0x13, fields: [['password', 4]] },
  getRandomCode: { code: 0x14, fields: [] },
  setAdder: { code: 0x15, fields: [['newAddress', 4]] },
  /** Adafruit's fingerFastSearch (R30x); same fields and reply as Search. */
  hiSpeedSearch: { code: 0x1b, fields: SEARCH_FIELDS },
  /** "TempleteNum" in the manuals. */
  templateNum: { code: 0x1d, fields: [] },
  /** Index page 0 covers IDs 0–255, page 1 256–511, … */
  readIndexTable: { code: 0x1f, fields: [['indexPage', 1]] },
  /** R50x only (reference §1.3, extended table); R30x modules answer it with an error or not at all. */
  handShake: { code: 0x40, fields: [] },
} as const satisfies Record<string, { code: number; fields: readonly FieldSpec[] }>;

export type InstructionName = keyof typeof INSTRUCTIONS;
type FieldsOf<N extends InstructionName> = (typeof INSTRUCTIONS)[N]['fields'];
type ParamsOf<N extends InstructionName> = { readonly [F in FieldsOf<N>[number] as F[0]]: number };

/** A command as plain data, e.g. `{ name: 'store', bufferId: 1, pageId: 5 }`. */
export type Command = { [N in InstructionName]: { readonly name: N } & ParamsOf<N> }[InstructionName];
export type CommandOf<N extends InstructionName> = Extract<Command, { name: N }>;

/** SetSysPara register numbers (reference §1.5). */
export const SYSTEM_REGISTER = { baudMultiplier: 4, securityLevel: 5, packetSizeCode: 6 } as const;

/** Factory password; only a non-default one has to be verified (reference §1.1). */
export const DEFAULT_PASSWORD = 0x00000000;

const NAME_BY_CODE: ReadonlyMap<number, InstructionName> = new Map(Object.entries(INSTRUCTIONS).map(([name, spec]) => [spec.code, name as InstructionName]));

export function instructionByCode(code: number): InstructionName | undefined {
  return NAME_BY_CODE.get(code);
}

function fieldsOf(name: InstructionName): readonly FieldSpec[] {
  return INSTRUCTIONS[name].fields;
}

/** Instruction code followed by its parameters, big-endian (reference §1.2 conventions). */
export function encodeCommand(command: Command): Uint8Array {
  const fields = fieldsOf(command.name);
  const bytes = new Uint8Array(1 + fields.reduce((n, [, width]) => n + width, 0));
  bytes[0] = INSTRUCTIONS[command.name].code;
  let at = 1;
  const values = command as unknown as Readonly<Record<string, unknown>>;
  for (const [field, width] of fields) {
    const value = values[field];
    const limit = 2 ** (8 * width);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= limit) {
      throw new ProtocolError('out_of_range', `${command.name}.${field} must be an integer in 0..${limit - 1}, got ${String(value)}`);
    }
    for (let k = width - 1; k >= 0; k--) bytes[at++] = Math.floor(value / 2 ** (8 * k)) % 256;
  }
  return bytes;
}

export function commandPacket(command: Command, address: number = DEFAULT_ADDRESS): Packet {
  return { kind: 'command', address, content: encodeCommand(command) };
}

/** Reads a command's content (what the simulator receives). Unknown codes are refused, not guessed. */
export function decodeCommand(content: Uint8Array): Result<Command> {
  const code = content[0];
  const name = code === undefined ? undefined : instructionByCode(code);
  if (name === undefined) {
    return {
      ok: false,
      error: new ProtocolError('unknown_instruction', `unknown instruction code ${code === undefined ? '(none)' : `0x${code.toString(16)}`}`, { actual: code }),
    };
  }
  const fields = fieldsOf(name);
  const expected = 1 + fields.reduce((n, [, width]) => n + width, 0);
  if (content.length !== expected) {
    return {
      ok: false,
      error: new ProtocolError('bad_content', `${name} carries ${expected} bytes, got ${content.length}`, { expected, actual: content.length }),
    };
  }
  const command: Record<string, string | number> = { name };
  let at = 1;
  for (const [field, width] of fields) {
    let value = 0;
    for (let k = 0; k < width; k++) value = value * 256 + content[at++]!;
    command[field] = value;
  }
  return { ok: true, value: command as unknown as Command };
}
