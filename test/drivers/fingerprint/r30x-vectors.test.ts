/**
 * Every test vector of hardware-protocols.md §1.2 encodes to exactly its bytes
 * and decodes back to the same command or reply.
 */
import { describe, expect, it } from 'vitest';
import {
  ackPacket,
  type Command,
  commandPacket,
  decodeCommand,
  decodePacket,
  encodePacket,
  type InstructionName,
  parseReply,
  replyPacket,
  SYSTEM_REGISTER,
} from '../../../drivers/fingerprint/r30x-codec.ts';

const hex = (s: string) => Uint8Array.from(s.split(' ').map((b) => parseInt(b, 16)));

const COMMAND_VECTORS: readonly [string, Command, string][] = [
  ['VfyPwd(0x00000000)', { name: 'vfyPwd', password: 0 }, 'EF 01 FF FF FF FF 01 00 07 13 00 00 00 00 00 1B'],
  ['GenImg', { name: 'genImg' }, 'EF 01 FF FF FF FF 01 00 03 01 00 05'],
  ['Img2Tz(buffer 1)', { name: 'img2Tz', bufferId: 1 }, 'EF 01 FF FF FF FF 01 00 04 02 01 00 08'],
  ['Img2Tz(buffer 2)', { name: 'img2Tz', bufferId: 2 }, 'EF 01 FF FF FF FF 01 00 04 02 02 00 09'],
  ['RegModel', { name: 'regModel' }, 'EF 01 FF FF FF FF 01 00 03 05 00 09'],
  ['Store(buffer 1, page 5)', { name: 'store', bufferId: 1, pageId: 5 }, 'EF 01 FF FF FF FF 01 00 06 06 01 00 05 00 13'],
  ['LoadChar(buffer 1, page 5)', { name: 'loadChar', bufferId: 1, pageId: 5 }, 'EF 01 FF FF FF FF 01 00 06 07 01 00 05 00 14'],
  ['UpChar(buffer 1)', { name: 'upChar', bufferId: 1 }, 'EF 01 FF FF FF FF 01 00 04 08 01 00 0E'],
  ['DownChar(buffer 1)', { name: 'downChar', bufferId: 1 }, 'EF 01 FF FF FF FF 01 00 04 09 01 00 0F'],
  ['UpImage', { name: 'upImage' }, 'EF 01 FF FF FF FF 01 00 03 0A 00 0E'],
  ['Search(buffer 1, start 0, count 162)', { name: 'search', bufferId: 1, startPage: 0, pageCount: 162 }, 'EF 01 FF FF FF FF 01 00 08 04 01 00 00 00 A2 00 B0'],
  ['Match', { name: 'match' }, 'EF 01 FF FF FF FF 01 00 03 03 00 07'],
  ['DeleteChar(page 5, count 1)', { name: 'deleteChar', pageId: 5, count: 1 }, 'EF 01 FF FF FF FF 01 00 07 0C 00 05 00 01 00 1A'],
  ['Empty', { name: 'empty' }, 'EF 01 FF FF FF FF 01 00 03 0D 00 11'],
  [
    'SetSysPara(reg 4 = baud, N = 12)',
    { name: 'setSysPara', register: SYSTEM_REGISTER.baudMultiplier, value: 12 },
    'EF 01 FF FF FF FF 01 00 05 0E 04 0C 00 24',
  ],
  ['ReadSysPara', { name: 'readSysPara' }, 'EF 01 FF FF FF FF 01 00 03 0F 00 13'],
  ['TemplateNum', { name: 'templateNum' }, 'EF 01 FF FF FF FF 01 00 03 1D 00 21'],
  ['ReadIndexTable(page 0)', { name: 'readIndexTable', indexPage: 0 }, 'EF 01 FF FF FF FF 01 00 04 1F 00 00 24'],
  ['HandShake (R50x only)', { name: 'handShake' }, 'EF 01 FF FF FF FF 01 00 03 40 00 44'],
];

describe('R30x command test vectors (reference §1.2)', () => {
  it.each(COMMAND_VECTORS)('%s encodes exactly and decodes back', (_name, command, bytes) => {
    const encoded = encodePacket(commandPacket(command));
    expect(encoded).toEqual(hex(bytes));
    const packet = decodePacket(hex(bytes));
    expect(packet).toMatchObject({ ok: true, value: { kind: 'command', address: 0xffffffff } });
    if (!packet.ok) return;
    expect(decodeCommand(packet.value.content)).toEqual({ ok: true, value: command });
  });
});

const REPLY_VECTORS: readonly [string, InstructionName, number, object, string][] = [
  ['ACK OK (no parameters)', 'genImg', 0x00, { accepted: true, value: {} }, 'EF 01 FF FF FF FF 07 00 03 00 00 0A'],
  ['ACK "no finger"', 'genImg', 0x02, { accepted: false, name: 'noFinger' }, 'EF 01 FF FF FF FF 07 00 03 02 00 0C'],
  ['ACK TemplateNum = 3', 'templateNum', 0x00, { accepted: true, value: { templateCount: 3 } }, 'EF 01 FF FF FF FF 07 00 05 00 00 03 00 0F'],
  [
    'ACK Search hit: page 5, score 100',
    'search',
    0x00,
    { accepted: true, value: { pageId: 5, score: 100 } },
    'EF 01 FF FF FF FF 07 00 07 00 00 05 00 64 00 77',
  ],
];

describe('R30x acknowledgement test vectors (reference §1.2)', () => {
  it.each(REPLY_VECTORS)('%s decodes and re-encodes exactly', (_name, instruction, confirmation, reply, bytes) => {
    const packet = decodePacket(hex(bytes));
    if (!packet.ok) throw packet.error;
    const parsed = parseReply(instruction, packet.value);
    expect(parsed).toMatchObject({ ok: true, value: { confirmation, ...reply } });
    if (!parsed.ok) return;
    const rebuilt = parsed.value.accepted ? replyPacket(instruction, parsed.value.value) : ackPacket(confirmation);
    expect(encodePacket(rebuilt)).toEqual(hex(bytes));
  });
});
