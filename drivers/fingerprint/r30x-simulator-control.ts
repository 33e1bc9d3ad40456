/**
 * The byte-level simulator's control lines (kioskctl simulate fingerprint
 * reads them on stdin through transport/simulator-control.ts; tests call
 * `handleControl` directly). One line, one JSON reply:
 *   place <RUN> <finger> [quality]   a synthetic citizen's finger on the glass (finger: right-index … or 1–10; quality 0–100,
 *                                    default 80, or a ridge-image condition: enrollment good fair poor dry wet partial)
 *   lift                             the finger comes off
 *   unplug | replug                  the cable out / back in (the link disappears / reappears)
 *   garbage <n>                      n random bytes on the line (1–65536)
 *   delay <ms>                       hold every reply ms before sending it (0–60000; 0 turns it off);
 *                                    commands that arrive while one is held are lost (the module is busy)
 *   status                           parameters, library size, whether a finger is placed, images and templates
 *                                    uploaded so far (UpImage, UpChar)
 *   quit                             stop
 * Replies carry the RUN masked (`12.345.***-5`): they are log lines.
 */
import { defaultPopulation, findCitizen, type Population } from '../../synthetic/citizens/index.ts';
import { maskRun } from '../../common/run-mask.ts';
import { failure, type SimulatorReply, thrownReply } from '../transport/simulator-control.ts';
import { fingerName, fingerPosition } from './fingerprint-reader.ts';
import type { R30xSimulator } from './r30x-simulator.ts';
import { FINGERPRINT_QUALITIES, isFingerprintCondition } from './simulated-fingers.ts';

export const CONTROL_USAGE = 'place <RUN> <finger> [quality|condition] | lift | unplug | replug | garbage <n> | delay <ms> | status | quit';
export const DEFAULT_QUALITY = 80;

function integer(text: string | undefined, min: number, max: number): number | undefined {
  const n = Number(text);
  return text !== undefined && /^\d+$/.test(text) && n >= min && n <= max ? n : undefined;
}

/** One control line → its reply; null for a blank line. Never throws. */
export async function handleControl(simulator: R30xSimulator, line: string, population: Population = defaultPopulation()): Promise<SimulatorReply | null> {
  const [command = '', ...words] = line.trim().split(/\s+/);
  if (command === '') return null;
  try {
    switch (command) {
      case 'place': {
        const [run, finger, qualityText] = words;
        const position = finger === undefined ? undefined : fingerPosition(finger);
        const condition = qualityText !== undefined && isFingerprintCondition(qualityText) ? qualityText : undefined;
        const quality = qualityText === undefined || condition !== undefined ? DEFAULT_QUALITY : integer(qualityText, 0, 100);
        if (run === undefined || position === undefined || quality === undefined || words.length > 3)
          return failure('place', 'usage', `usage: place <RUN> <finger> [quality 0-100 | ${FINGERPRINT_QUALITIES.join(' | ')}]`);
        const citizen = findCitizen(population, run);
        if (!citizen) return failure('place', 'sim.unknown_run', 'no synthetic citizen has that RUN');
        simulator.place(citizen, position, quality, condition);
        return {
          ok: true,
          command,
          run: maskRun(citizen.run.formatted),
          finger: fingerName(position),
          quality,
          condition: simulator.module.placedCondition ?? null,
        };
      }
      case 'lift':
        simulator.lift();
        return { ok: true, command };
      case 'unplug':
        await simulator.unplug();
        return { ok: true, command };
      case 'replug':
        await simulator.replug();
        return { ok: true, command };
      case 'garbage': {
        const count = integer(words[0], 1, 65_536);
        if (count === undefined || words.length !== 1) return failure('garbage', 'usage', 'garbage takes a byte count from 1 to 65536');
        if (!simulator.isPlugged) return failure('garbage', 'sim.not_connected', 'the simulated module is unplugged');
        simulator.injectGarbage(count);
        return { ok: true, command, bytes: count };
      }
      case 'delay': {
        const ms = integer(words[0], 0, 60_000);
        if (ms === undefined || words.length !== 1) return failure('delay', 'usage', 'delay takes milliseconds from 0 to 60000');
        simulator.setReplyDelay(ms);
        return { ok: true, command, ms };
      }
      case 'status': {
        const { module } = simulator;
        return {
          ok: true,
          command,
          plugged: simulator.isPlugged,
          fingerPlaced: module.fingerPlaced,
          baud: module.baudRate,
          packetSize: module.packetSizeBytes,
          libraryCapacity: module.libraryCapacity,
          templates: module.templateCount,
          imagesUploaded: module.imagesUploaded,
          templatesUploaded: module.templatesUploaded,
          replyDelayMs: simulator.replyDelayMs,
        };
      }
      case 'quit':
        return { ok: true, command };
      default:
        return failure(null, 'usage', `unknown command; one of: ${CONTROL_USAGE}`);
    }
  } catch (error) {
    return thrownReply(command, error);
  }
}
