/**
 * The brain of the byte-level simulator: an R30x/ZFM-20 module's state and
 * its answer to each command of the core set (hardware-protocols.md §1.3),
 * with the datasheet's confirmation codes (§1.4). No I/O: r30x-simulator.ts
 * puts it on a wire.
 *
 * Char buffers and the library hold ISO/IEC 19794-2:2005 records,
 * so Match, Search and RegModel run the synthetic matcher. Where the
 * datasheets name no code for a situation a real module would simply not
 * notice (an empty char buffer, an image downloaded with DownImage that
 * nothing can extract features from), the choice is written next to it.
 */
import {
  decodeFingerMinutiaeRecord,
  type FingerMinutiaeRecord,
  type Impression,
  type Finger,
  MATCH_THRESHOLD,
  matchRecords,
  seededRandom,
} from '../../synthetic/fingers/index.ts';
import type { SyntheticCitizen } from '../../synthetic/citizens/index.ts';
import type { FingerPosition } from '../../common/fingers.ts';
import { ackPacket, BAUD_UNIT, PACKET_SIZE_BYTES, type PacketSizeBytes, packetSizeCodeOf, replyPacket, systemParameters } from './r30x-acks.ts';
import { CONFIRMATION } from './r30x-confirmation-codes.ts';
import { splitDataPackets } from './r30x-data-transfer.ts';
import { packedImageBytes, packImage4bpp, R30X_IMAGE } from './r30x-image.ts';
import { type Command, DEFAULT_PASSWORD, SYSTEM_REGISTER } from './r30x-instructions.ts';
import { DEFAULT_ADDRESS, type Packet } from './r30x-packet.ts';
import { isoRecordLength } from './r30x-template.ts';
import {
  CHAR_BUFFER_BYTES,
  citizenFinger,
  conditionOfQuality,
  extractFeatures,
  type FingerprintQuality,
  impressionOf,
  padToCharBuffer,
  ridgeImpressionImage,
  warmRidgeImage,
} from './simulated-fingers.ts';

export interface SimulatedModuleOptions {
  /** Template slots. Default 162, the smaller ZFM-20 (reference §1.5). */
  readonly libraryCapacity?: number;
  /** Default 128, the factory setting in the ZFM-20 and R503 manuals (§1.2). */
  readonly packetSizeBytes?: PacketSizeBytes;
  /** 9600 × N. Default 57600 (§1.1). Up to N = 255 (the register is one byte) so tests can run fast. */
  readonly baudRate?: number;
  readonly securityLevel?: number;
  readonly address?: number;
  readonly password?: number;
  readonly seed?: string;
}

export interface ModuleResponse {
  /** The ACK, then any data packets (UpChar, UpImage). */
  readonly packets: readonly Packet[];
  /** To run once the packets have left the wire: SetSysPara changes apply after the ACK (§1.5, ZFM-20). */
  readonly afterSent?: () => void;
  /** The host's data phase that follows the ACK (DownChar, DownImage). */
  readonly download?: { readonly maxBytes: number; accept(payload: Uint8Array): void };
}

interface CharBuffer {
  readonly bytes: Uint8Array;
  /** Undefined when the bytes are not an ISO record (a host downloaded something else). */
  readonly record: FingerMinutiaeRecord | undefined;
}

interface ImageBuffer {
  /** Undefined for an image the host downloaded: the simulator has no extractor for pixels. */
  readonly impression: Impression | undefined;
  /** What UpImage renders: the placed finger's ridge image; undefined for a downloaded image. */
  readonly sensor:
    { readonly citizen: SyntheticCitizen; readonly position: FingerPosition; readonly index: number; readonly condition: FingerprintQuality } | undefined;
  packed: Uint8Array | undefined;
}

/** R30x: baud N = 1…12 (reference §1.1); security 1…5; packet-size code 0…3 (§1.5). */
const MAX_SETTABLE_BAUD_MULTIPLIER = 12;

export class SimulatedR30xModule {
  libraryCapacity: number;
  packetSizeBytes: PacketSizeBytes;
  baudRate: number;
  securityLevel: number;
  address: number;
  #password: number;
  #passwordVerified = false;
  #lastMatchPassed = false;
  #placed:
    { citizen: SyntheticCitizen; position: FingerPosition; finger: Finger; quality: number; condition: FingerprintQuality; placement: number } | undefined;
  #placements = 0;
  #captures = 0;
  #imagesUploaded = 0;
  #templatesUploaded = 0;
  #image: ImageBuffer | undefined;
  readonly #buffers = new Map<number, CharBuffer>();
  readonly #library = new Map<number, CharBuffer>();
  readonly #random: ReturnType<typeof seededRandom>;
  readonly #seed: string;

  constructor(options: SimulatedModuleOptions = {}) {
    this.libraryCapacity = options.libraryCapacity ?? 162;
    this.packetSizeBytes = options.packetSizeBytes ?? 128;
    this.baudRate = options.baudRate ?? 57600;
    const multiplier = this.baudRate / BAUD_UNIT;
    if (!Number.isInteger(multiplier) || multiplier < 1 || multiplier > 255) throw new RangeError(`baud ${this.baudRate} is not 9600 × N, N = 1…255`);
    if (!PACKET_SIZE_BYTES.includes(this.packetSizeBytes)) throw new RangeError(`packet size ${this.packetSizeBytes} is not 32, 64, 128 or 256`);
    this.securityLevel = options.securityLevel ?? 3;
    this.address = options.address ?? DEFAULT_ADDRESS;
    this.#password = options.password ?? DEFAULT_PASSWORD;
    this.#seed = options.seed ?? 'r30x-simulator';
    this.#random = seededRandom('r30x-random-code', this.#seed);
    this.powerOn();
  }

  get fingerPlaced(): boolean {
    return this.#placed !== undefined;
  }

  get templateCount(): number {
    return this.#library.size;
  }

  /** Images sent to the host (UpImage) since power-up of the simulator: what a test checks the host asked for. */
  get imagesUploaded(): number {
    return this.#imagesUploaded;
  }

  /** Character buffers (vendor templates) sent to the host (UpChar). */
  get templatesUploaded(): number {
    return this.#templatesUploaded;
  }

  /** The last image GenImg captured, 8-bit, as UpImage would send it before 4-bit packing (tests compare with it). */
  imagePixels(): Uint8Array | undefined {
    const sensor = this.#image?.sensor;
    return sensor ? ridgeImpressionImage(sensor.citizen, sensor.position, sensor.index, sensor.condition).pixels : undefined;
  }

  /** The condition of the finger on the glass (a ridge-image quality level), if any. */
  get placedCondition(): FingerprintQuality | undefined {
    return this.#placed?.condition;
  }

  /** `condition` names the ridge image's quality level; by default it follows `quality` (conditionOfQuality). */
  place(citizen: SyntheticCitizen, position: FingerPosition, quality: number, condition?: FingerprintQuality): void {
    this.#placements += 1;
    const placement = this.#placements;
    this.#placed = {
      citizen,
      position,
      finger: citizenFinger(citizen, position),
      quality,
      condition: condition ?? conditionOfQuality(quality, placement),
      placement,
    };
    // The master print is the expensive part (about a second): grown when the finger lands, not while the host waits on UpImage.
    warmRidgeImage(citizen, position);
  }

  lift(): void {
    this.#placed = undefined;
  }

  /** RAM is lost, flash (parameters, password, library) kept; a finger on the glass stays there. */
  powerOn(): void {
    this.#passwordVerified = this.#password === DEFAULT_PASSWORD;
    this.#lastMatchPassed = false;
    this.#image = undefined;
    this.#buffers.clear();
  }

  handle(command: Command): ModuleResponse {
    if (!this.#passwordVerified && command.name !== 'vfyPwd') return this.#ack(CONFIRMATION.passwordRequired);
    switch (command.name) {
      case 'vfyPwd':
        this.#passwordVerified = command.password === this.#password;
        return this.#ack(this.#passwordVerified ? CONFIRMATION.ok : CONFIRMATION.wrongPassword);
      case 'setPwd':
        this.#password = command.password;
        return this.#ack(CONFIRMATION.ok);
      case 'readSysPara':
        return { packets: [replyPacket('readSysPara', this.#parameters(), this.address)] };
      case 'setSysPara':
        return this.#setSysPara(command.register, command.value);
      case 'templateNum':
        return { packets: [replyPacket('templateNum', { templateCount: this.#library.size }, this.address)] };
      case 'readIndexTable': {
        const first = command.indexPage * 256;
        const occupiedSlots = [...this.#library.keys()].filter((page) => page >= first && page < first + 256).map((page) => page - first);
        return { packets: [replyPacket('readIndexTable', { occupiedSlots }, this.address)] };
      }
      case 'genImg':
        return this.#genImg();
      case 'upImage':
        return this.#upImage();
      case 'downImage':
        return {
          packets: [this.#ackPacket(CONFIRMATION.ok)],
          download: { maxBytes: packedImageBytes(R30X_IMAGE), accept: (packed) => (this.#image = { impression: undefined, sensor: undefined, packed }) },
        };
      case 'img2Tz':
        return this.#img2Tz(command.bufferId);
      case 'regModel':
        return this.#regModel();
      case 'store':
        return this.#store(command.bufferId, command.pageId);
      case 'loadChar': {
        if (!this.#validBuffer(command.bufferId) || command.pageId >= this.libraryCapacity) return this.#ack(CONFIRMATION.pageIdOutOfRange);
        const template = this.#library.get(command.pageId);
        if (!template) return this.#ack(CONFIRMATION.invalidTemplate);
        this.#buffers.set(command.bufferId, template);
        return this.#ack(CONFIRMATION.ok);
      }
      case 'upChar': {
        const buffer = this.#validBuffer(command.bufferId) ? this.#buffers.get(command.bufferId) : undefined;
        // An empty buffer: the datasheets give no code; UpChar's own failure code is the honest one.
        if (!buffer) return this.#ack(CONFIRMATION.templateUploadFailed);
        this.#templatesUploaded += 1;
        return { packets: [this.#ackPacket(CONFIRMATION.ok), ...splitDataPackets(padToCharBuffer(buffer.bytes), this.packetSizeBytes, this.address)] };
      }
      case 'downChar': {
        const bufferId = command.bufferId;
        if (!this.#validBuffer(bufferId)) return this.#ack(CONFIRMATION.cannotReceiveData);
        return {
          packets: [this.#ackPacket(CONFIRMATION.ok)],
          download: { maxBytes: CHAR_BUFFER_BYTES, accept: (payload) => this.#buffers.set(bufferId, charBuffer(payload)) },
        };
      }
      case 'deleteChar': {
        if (command.count < 1 || command.pageId + command.count > this.libraryCapacity) return this.#ack(CONFIRMATION.deleteFailed);
        for (let page = command.pageId; page < command.pageId + command.count; page++) this.#library.delete(page);
        return this.#ack(CONFIRMATION.ok);
      }
      case 'empty':
        this.#library.clear();
        return this.#ack(CONFIRMATION.ok);
      case 'match':
        return this.#match();
      case 'search':
      case 'hiSpeedSearch':
        return this.#search(command.name, command.bufferId, command.startPage, command.pageCount);
      case 'getRandomCode':
        return { packets: [replyPacket('getRandomCode', { randomCode: Math.floor(this.#random.next() * 2 ** 32) }, this.address)] };
      case 'setAdder':
        // "The ACK already carries the new address" (reference §1.3).
        this.address = command.newAddress;
        return this.#ack(CONFIRMATION.ok);
      case 'handShake':
        return this.#ack(CONFIRMATION.ok);
    }
  }

  #parameters() {
    const status = (this.#lastMatchPassed ? 2 : 0) | (this.#passwordVerified ? 4 : 0) | (this.#image ? 8 : 0);
    return systemParameters({
      statusRegister: status,
      systemId: 0,
      libraryCapacity: this.libraryCapacity,
      securityLevel: this.securityLevel,
      address: this.address,
      packetSizeCode: packetSizeCodeOf(this.packetSizeBytes),
      baudMultiplier: this.baudRate / BAUD_UNIT,
    });
  }

  #setSysPara(register: number, value: number): ModuleResponse {
    const ok = (apply: () => void): ModuleResponse => ({ packets: [this.#ackPacket(CONFIRMATION.ok)], afterSent: apply });
    // 0x1A for an unknown register (§1.4); for a value out of range the R50x's 0x1B, the only code that says so.
    switch (register) {
      case SYSTEM_REGISTER.baudMultiplier:
        if (value < 1 || value > MAX_SETTABLE_BAUD_MULTIPLIER) return this.#ack(CONFIRMATION.badRegisterConfiguration);
        return ok(() => (this.baudRate = value * BAUD_UNIT));
      case SYSTEM_REGISTER.securityLevel:
        if (value < 1 || value > 5) return this.#ack(CONFIRMATION.badRegisterConfiguration);
        this.securityLevel = value;
        return this.#ack(CONFIRMATION.ok);
      case SYSTEM_REGISTER.packetSizeCode:
        if (value > 3) return this.#ack(CONFIRMATION.badRegisterConfiguration);
        return ok(() => (this.packetSizeBytes = PACKET_SIZE_BYTES[value]!));
      default:
        return this.#ack(CONFIRMATION.invalidRegister);
    }
  }

  #genImg(): ModuleResponse {
    const placed = this.#placed;
    if (!placed) return this.#ack(CONFIRMATION.noFinger);
    // Every GenImg is a new impression of the finger that stays on the glass.
    this.#captures += 1;
    const impression = impressionOf(placed.finger, placed.quality, `${this.#seed}/${placed.placement}/${this.#captures}`);
    // Each GenImg a new impression index, so two captures of one placement differ too.
    const sensor = { citizen: placed.citizen, position: placed.position, index: this.#captures, condition: placed.condition };
    this.#image = { impression, sensor, packed: undefined };
    return this.#ack(CONFIRMATION.ok);
  }

  #upImage(): ModuleResponse {
    const image = this.#image;
    if (!image) return this.#ack(CONFIRMATION.imageUploadFailed);
    // Rendered at the first UpImage, not at GenImg: a capture that never uploads costs no rendering.
    image.packed ??= packImage4bpp(ridgeImpressionImage(image.sensor!.citizen, image.sensor!.position, image.sensor!.index, image.sensor!.condition));
    this.#imagesUploaded += 1;
    return { packets: [this.#ackPacket(CONFIRMATION.ok), ...splitDataPackets(image.packed, this.packetSizeBytes, this.address)] };
  }

  #img2Tz(bufferId: number): ModuleResponse {
    if (!this.#validBuffer(bufferId)) return this.#ack(CONFIRMATION.packetReceiveError);
    const image = this.#image;
    if (!image) return this.#ack(CONFIRMATION.noValidImage);
    if (!image.impression) return this.#ack(CONFIRMATION.imageTooDisorderly);
    const features = extractFeatures(image.impression, 0);
    if (!features.ok) return this.#ack(features.confirmation);
    this.#buffers.set(bufferId, charBuffer(features.record));
    return this.#ack(CONFIRMATION.ok);
  }

  #regModel(): ModuleResponse {
    const [one, two] = [this.#buffers.get(1)?.record, this.#buffers.get(2)?.record];
    if (!one || !two || !matchRecords(one, two).matched) return this.#ack(CONFIRMATION.combineFailed);
    // The merged template: the richer of the two records, in both buffers (§1.3 "result in both buffers").
    const richer = (one.views[0]?.minutiae.length ?? 0) >= (two.views[0]?.minutiae.length ?? 0) ? this.#buffers.get(1)! : this.#buffers.get(2)!;
    this.#buffers.set(1, richer);
    this.#buffers.set(2, richer);
    return this.#ack(CONFIRMATION.ok);
  }

  #store(bufferId: number, pageId: number): ModuleResponse {
    if (pageId >= this.libraryCapacity) return this.#ack(CONFIRMATION.pageIdOutOfRange);
    const buffer = this.#validBuffer(bufferId) ? this.#buffers.get(bufferId) : undefined;
    if (!buffer) return this.#ack(CONFIRMATION.packetReceiveError);
    this.#library.set(pageId, buffer);
    return this.#ack(CONFIRMATION.ok);
  }

  #match(): ModuleResponse {
    const [one, two] = [this.#buffers.get(1)?.record, this.#buffers.get(2)?.record];
    const result = one && two ? matchRecords(one, two) : undefined;
    const score = Math.round(result?.score ?? 0);
    this.#lastMatchPassed = result?.matched ?? false;
    const code = this.#lastMatchPassed ? CONFIRMATION.ok : CONFIRMATION.noMatch;
    return { packets: [ackPacket(code, u16(score), this.address)] };
  }

  #search(name: 'search' | 'hiSpeedSearch', bufferId: number, startPage: number, pageCount: number): ModuleResponse {
    const probe = this.#validBuffer(bufferId) ? this.#buffers.get(bufferId)?.record : undefined;
    let best = { pageId: 0, score: -1 };
    if (probe) {
      for (const [pageId, template] of this.#library) {
        if (pageId < startPage || pageId >= startPage + pageCount || !template.record) continue;
        const score = matchRecords(probe, template.record).score;
        if (score > best.score) best = { pageId, score };
      }
    }
    this.#lastMatchPassed = best.score >= MATCH_THRESHOLD;
    if (!this.#lastMatchPassed) return { packets: [ackPacket(CONFIRMATION.notFound, new Uint8Array(4), this.address)] };
    return { packets: [replyPacket(name, { pageId: best.pageId, score: Math.round(best.score) }, this.address)] };
  }

  #validBuffer(bufferId: number): boolean {
    return bufferId === 1 || bufferId === 2;
  }

  #ack(confirmation: number): ModuleResponse {
    return { packets: [this.#ackPacket(confirmation)] };
  }

  #ackPacket(confirmation: number): Packet {
    return ackPacket(confirmation, new Uint8Array(0), this.address);
  }
}

/** Downloaded bytes: an ISO record (trimmed of the buffer's zero padding) or opaque bytes that never match. */
function charBuffer(bytes: Uint8Array): CharBuffer {
  const length = isoRecordLength(bytes);
  if (length === undefined) return { bytes: bytes.slice(), record: undefined };
  const trimmed = bytes.slice(0, length);
  const decoded = decodeFingerMinutiaeRecord(trimmed);
  return { bytes: trimmed, record: decoded.ok ? decoded.value : undefined };
}

function u16(value: number): Uint8Array {
  const clamped = Math.max(0, Math.min(0xffff, value));
  return new Uint8Array([clamped >> 8, clamped & 0xff]);
}
