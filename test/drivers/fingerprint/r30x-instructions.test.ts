import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../drivers/fingerprint/errors.ts';
import {
  ackPacket,
  CONFIRMATION,
  CONFIRMATION_CODES,
  commandPacket,
  decodeCommand,
  decodePacket,
  describeConfirmation,
  encodeCommand,
  encodePacket,
  INSTRUCTIONS,
  type InstructionName,
  parseReply,
  type ReplyValues,
  replyPacket,
} from '../../../drivers/fingerprint/r30x-codec.ts';
import { commandArb, replyValueArbs } from './r30x-arbitraries.ts';

const hex = (s: string) => Uint8Array.from(s.split(' ').map((b) => parseInt(b, 16)));

describe('R30x instructions', () => {
  it('decodes every encoded command back to itself', () => {
    fc.assert(
      fc.property(commandArb, (command) => {
        expect(decodeCommand(encodeCommand(command))).toEqual({ ok: true, value: command });
      }),
      { numRuns: 500 },
    );
  });

  it('covers the core instruction set of the issue with distinct codes', () => {
    const core = [
      'vfyPwd',
      'setPwd',
      'readSysPara',
      'setSysPara',
      'templateNum',
      'readIndexTable',
      'genImg',
      'upImage',
      'downImage',
      'img2Tz',
      'regModel',
      'store',
      'loadChar',
      'upChar',
      'downChar',
      'deleteChar',
      'empty',
      'match',
      'search',
      'getRandomCode',
      'handShake',
    ];
    expect(Object.keys(INSTRUCTIONS)).toEqual(expect.arrayContaining(core));
    const codes = Object.values(INSTRUCTIONS).map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('refuses an unknown instruction code and a wrong parameter length', () => {
    expect(decodeCommand(Uint8Array.of(0x99))).toMatchObject({ ok: false, error: { reason: 'unknown_instruction' } });
    expect(decodeCommand(new Uint8Array(0))).toMatchObject({ ok: false, error: { reason: 'unknown_instruction' } });
    expect(decodeCommand(Uint8Array.of(0x06, 0x01, 0x00))).toMatchObject({ ok: false, error: { reason: 'bad_content', details: { expected: 4, actual: 3 } } });
  });

  it('refuses to encode a parameter that does not fit its field', () => {
    expect(() => encodeCommand({ name: 'store', bufferId: 1, pageId: 0x10000 })).toThrow(ProtocolError);
    expect(() => encodeCommand({ name: 'img2Tz', bufferId: -1 })).toThrow(ProtocolError);
    expect(() => encodeCommand({ name: 'vfyPwd', password: 1.5 })).toThrow(ProtocolError);
  });

  it('encodes a 32-bit password big-endian', () => {
    expect(encodePacket(commandPacket({ name: 'setPwd', password: 0x01020304 }))).toEqual(hex('EF 01 FF FF FF FF 01 00 07 12 01 02 03 04 00 24'));
  });
});

describe('R30x replies', () => {
  it('reads ReadSysPara: status, capacity, security level, address, packet size and baud', () => {
    // Hand-built: status 0x0004 (password verified), capacity 162, level 3, code 2, N = 6.
    const packet = decodePacket(hex('EF 01 FF FF FF FF 07 00 13 00 00 04 00 00 00 A2 00 03 FF FF FF FF 00 02 00 06 04 C7'));
    if (!packet.ok) throw packet.error;
    expect(parseReply('readSysPara', packet.value)).toEqual({
      ok: true,
      value: {
        accepted: true,
        confirmation: 0,
        value: {
          statusRegister: 4,
          status: { busy: false, pass: false, passwordVerified: true, imageBufferValid: false },
          systemId: 0,
          libraryCapacity: 162,
          securityLevel: 3,
          address: 0xffffffff,
          packetSizeCode: 2,
          packetSizeBytes: 128,
          baudMultiplier: 6,
          baudRate: 57600,
        },
      },
    });
  });

  it('refuses a packet-size code outside 0..3 rather than guessing', () => {
    const returns = new Uint8Array(16);
    returns[13] = 7;
    expect(parseReply('readSysPara', ackPacket(0, returns))).toMatchObject({ ok: false, error: { reason: 'bad_content' } });
  });

  it('reads the index table bitmap with bit 0 of byte 0 as ID 0 (reference §1.3)', () => {
    const bitmap = new Uint8Array(32);
    bitmap[0] = 0b1000_0001;
    bitmap[1] = 0b0000_0001;
    bitmap[31] = 0b1000_0000;
    expect(parseReply('readIndexTable', ackPacket(0, bitmap))).toMatchObject({ ok: true, value: { value: { occupiedSlots: [0, 7, 8, 255] } } });
  });

  it('treats a refusal as a value with the confirmation name, not as an error', () => {
    expect(parseReply('search', ackPacket(CONFIRMATION.notFound))).toEqual({
      ok: true,
      value: { accepted: false, confirmation: 0x09, name: 'notFound', meaning: 'no matching finger found' },
    });
  });

  it('refuses a reply with too few return bytes, and a packet that is not an ack', () => {
    expect(parseReply('match', ackPacket(0, Uint8Array.of(1)))).toMatchObject({ ok: false, error: { reason: 'bad_content' } });
    expect(parseReply('match', commandPacket({ name: 'match' }))).toMatchObject({ ok: false, error: { reason: 'unexpected_pid' } });
  });

  it('ignores return bytes beyond those it knows (firmware families append fields)', () => {
    expect(parseReply('templateNum', ackPacket(0, Uint8Array.of(0, 9, 0xaa)))).toMatchObject({ ok: true, value: { value: { templateCount: 9 } } });
  });

  it.each(Object.keys(replyValueArbs) as (keyof ReplyValues)[])('round-trips %s replies through bytes', (instruction) => {
    fc.assert(
      fc.property(replyValueArbs[instruction] as fc.Arbitrary<ReplyValues[typeof instruction]>, (value) => {
        const bytes = encodePacket(replyPacket(instruction, value));
        const packet = decodePacket(bytes);
        if (!packet.ok) throw packet.error;
        expect(parseReply(instruction as InstructionName, packet.value)).toEqual({ ok: true, value: { accepted: true, confirmation: 0, value } });
      }),
      { numRuns: 200 },
    );
  });
});

describe('R30x confirmation codes', () => {
  it('names every code of reference §1.4 once', () => {
    expect(CONFIRMATION_CODES).toHaveLength(42);
    expect(new Set(CONFIRMATION_CODES.map((c) => c.name)).size).toBe(42);
    expect(CONFIRMATION).toMatchObject({ ok: 0x00, noFinger: 0x02, tooFewFeatures: 0x07, noMatch: 0x08, wrongPassword: 0x13, passwordRequired: 0x21 });
  });

  it('describes an unlisted code as unknown instead of failing', () => {
    expect(describeConfirmation(0x02)).toEqual({ code: 2, name: 'noFinger', meaning: 'no finger on the sensor' });
    expect(describeConfirmation(0x77)).toMatchObject({ code: 0x77, name: 'unknown' });
  });
});
