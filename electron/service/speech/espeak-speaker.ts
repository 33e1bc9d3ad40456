import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { fail, type Language, ok, type Result, type SpeechStatus } from '../../contract/index.ts';
import type { Logger } from '../../../common/log.ts';
import type { AudioOutput } from './audio-output.ts';
import { chooseVoices, espeakArguments, NO_VOICES, parseVoiceList, type VoiceChoice } from './espeak-voices.ts';

/** What the service's handler table needs from a speech engine. */
export interface Speaker {
  status(): Promise<SpeechStatus>;
  /** Speaks `text` in `language`, cutting off whatever was being spoken; answers once it is playing. */
  say(text: string, language: Language): Promise<Result<{ spoken: boolean }>>;
  stop(): { stopped: boolean };
  /** Resolves when nothing is being spoken any more (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface EspeakSpeakerOptions {
  /** The espeak-ng program: a name looked up on PATH, or an absolute path. */
  readonly espeakPath?: string;
  readonly output: AudioOutput;
  readonly log: Logger;
  readonly wordsPerMinute?: number;
  /** How long espeak-ng may take to list its voices or to produce the first audio before it counts as failed. */
  readonly startTimeoutMs?: number;
}

type Probe = { readonly found: false } | { readonly found: true; readonly voices: VoiceChoice };

interface Utterance {
  readonly processes: ChildProcess[];
  readonly sink: Writable;
  /** Resolves when the audio has been played (or written) to the end, or was cut off. */
  readonly ended: Promise<void>;
  /** Still playing (or being written). */
  active: boolean;
  /** Cut off by a newer say, a stop or a failed start: the errors its broken pipes raise are ours, not news. */
  interrupted: boolean;
}

const DEFAULT_WORDS_PER_MINUTE = 150;
const DEFAULT_START_TIMEOUT_MS = 5_000;

/**
 * espeak-ng behind the contract's speech commands: one utterance at a time
 * (a new `say` or a `stop` kills the one playing), programs started with an
 * argument array and never a shell, the text on standard input. The text is
 * never logged: the renderer may send masked personal data (a first name, a
 * masked RUN) as part of a screen's guidance.
 */
export function createEspeakSpeaker(options: EspeakSpeakerOptions): Speaker {
  const { output, log } = options;
  const espeakPath = options.espeakPath ?? 'espeak-ng';
  const wordsPerMinute = options.wordsPerMinute ?? DEFAULT_WORDS_PER_MINUTE;
  const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  let probe: Promise<Probe> | null = null;
  /** Bumped by every say and stop: an utterance whose generation is no longer current was overtaken. */
  let generation = 0;
  let current: Utterance | null = null;
  /** Every utterance not yet ended, interrupted ones included (their processes may still be exiting). */
  const unfinished = new Set<Promise<void>>();
  let closed = false;

  const probeOnce = () => (probe ??= listVoices(espeakPath, startTimeoutMs, log));

  function interrupt(): boolean {
    const utterance = current;
    current = null;
    if (utterance === null) return false;
    const wasActive = utterance.active;
    utterance.active = false;
    utterance.interrupted = true;
    utterance.processes[0]?.stdout?.unpipe(utterance.sink);
    for (const child of utterance.processes) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    utterance.sink.destroy();
    return wasActive;
  }

  function start(text: string, voice: string, mine: number): Promise<Result<{ spoken: boolean }>> {
    const synth = spawn(espeakPath, espeakArguments(voice, wordsPerMinute), { stdio: ['pipe', 'pipe', 'ignore'] });
    const processes: ChildProcess[] = [synth];
    let sink: Writable;
    let sinkDone: Promise<void>;
    const quiet = () => utterance.interrupted;
    if (output.kind === 'device') {
      const player = spawn(output.command, [...output.args], { stdio: ['pipe', 'ignore', 'ignore'] });
      processes.push(player);
      sink = player.stdin!;
      sinkDone = new Promise((resolve) => {
        player.once('error', (error) => {
          if (!quiet()) log.log('error', 'speech.player_failed', { error: errorName(error) });
          if (synth.exitCode === null) synth.kill('SIGTERM');
          resolve();
        });
        player.once('close', (code, signal) => {
          // Our own SIGTERM (interrupted) is not a failure; anything else non-zero is, e.g. no sound card.
          if (code !== 0 && !quiet()) log.log('warn', 'speech.player_failed', { code, signal });
          if (synth.exitCode === null) synth.kill('SIGTERM');
          resolve();
        });
      });
    } else if (output.kind === 'file') {
      // Written beside the target and renamed once complete: an interrupted utterance never replaces the last whole one.
      mkdirSync(dirname(output.path), { recursive: true });
      const partPath = `${output.path}.${mine}.part`;
      const file = createWriteStream(partPath);
      let complete = false;
      file.once('finish', () => (complete = true));
      sink = file;
      sinkDone = new Promise<void>((resolve) => {
        file.once('close', resolve);
        file.once('error', (error) => {
          if (!quiet()) log.log('error', 'speech.file_failed', { error: errorName(error) });
          resolve();
        });
      }).then(() => (complete ? publishWav(partPath, output.path) : rm(partPath, { force: true })));
    } else {
      throw new Error('start() needs an audio output');
    }
    // A pipe whose reader went away (interrupted, crashed) is expected here, not a crash of the service.
    sink.on('error', () => undefined);
    synth.stdin!.on('error', () => undefined);
    synth.stdout!.pipe(sink);

    const utterance: Utterance = { processes, sink, ended: sinkDone, active: true, interrupted: false };
    current = utterance;
    unfinished.add(sinkDone);
    void sinkDone.then(() => {
      unfinished.delete(sinkDone);
      utterance.active = false;
      if (current === utterance) current = null;
    });

    const started = new Promise<Result<{ spoken: boolean }>>((resolve) => {
      const overtaken = () => mine !== generation;
      const timer = setTimeout(() => {
        log.log('warn', 'speech.start_timeout', { voice });
        if (current === utterance) interrupt();
        resolve(overtaken() ? ok({ spoken: false }) : fail('speech.failed'));
      }, startTimeoutMs);
      synth.stdout!.once('data', () => {
        clearTimeout(timer);
        resolve(ok({ spoken: !overtaken() }));
      });
      synth.once('error', (error) => {
        clearTimeout(timer);
        log.log('error', 'speech.synthesiser_failed', { error: errorName(error) });
        // A synthesiser that never started leaves the player waiting for input that will not come.
        if (current === utterance) interrupt();
        resolve(overtaken() ? ok({ spoken: false }) : fail('speech.failed'));
      });
      synth.once('close', (code, signal) => {
        clearTimeout(timer);
        if (code !== 0 && !quiet()) log.log('warn', 'speech.synthesiser_failed', { code, signal });
        // Ended before any audio: overtaken (killed by us) or failed (a voice espeak-ng could not load).
        resolve(overtaken() ? ok({ spoken: false }) : fail('speech.failed'));
      });
    });
    synth.stdin!.end(text, 'utf8');
    return started;
  }

  return {
    async status() {
      const found = await probeOnce();
      const voices = found.found ? found.voices : NO_VOICES;
      const reason = !found.found ? 'synthesiser_missing' : output.kind === 'none' ? 'no_audio_output' : null;
      return { available: reason === null, reason, output: output.kind, voices: { ...voices } };
    },

    async say(text, language) {
      const mine = ++generation;
      interrupt();
      const found = await probeOnce();
      if (mine !== generation || closed) return ok({ spoken: false });
      if (!found.found) return fail('speech.unavailable');
      if (output.kind === 'none') return fail('speech.no_audio_output');
      const voice = found.voices[language];
      if (voice === null) return fail('speech.voice_missing');
      log.log('debug', 'speech.say', { language, voice });
      return start(text, voice, mine);
    },

    stop() {
      generation++;
      return { stopped: interrupt() };
    },

    async idle() {
      while (unfinished.size > 0) await Promise.all(unfinished);
    },

    async close() {
      closed = true;
      generation++;
      interrupt();
      while (unfinished.size > 0) await Promise.all(unfinished);
    },
  };
}

/** `espeak-ng --voices`, once: whether the program runs at all, and which of our languages it can speak. */
function listVoices(espeakPath: string, timeoutMs: number, log: Logger): Promise<Probe> {
  return new Promise((resolve) => {
    let listing = '';
    const child = spawn(espeakPath, ['--voices'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (listing += chunk));
    child.once('error', (error) => {
      clearTimeout(timer);
      log.log('warn', 'speech.synthesiser_missing', { error: errorName(error) });
      resolve({ found: false });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        if (code !== null) log.log('warn', 'speech.synthesiser_missing', { code });
        return resolve({ found: false });
      }
      const voices = chooseVoices(parseVoiceList(listing));
      log.log('info', 'speech.voices', { 'es-CL': voices['es-CL'], en: voices.en, ht: voices.ht });
      resolve({ found: true, voices });
    });
  });
}

function errorName(error: unknown): string {
  if (error instanceof Error) return 'code' in error && typeof error.code === 'string' ? error.code : error.name;
  return 'unknown';
}

/**
 * espeak-ng streams WAV with placeholder sizes (it cannot seek on a pipe).
 * Once the file is complete, write the real RIFF and data sizes so any
 * player opens it (the canonical 44-byte header puts them at bytes 4 and
 * 40), then move it into place.
 */
async function publishWav(partPath: string, path: string): Promise<void> {
  try {
    const file = await open(partPath, 'r+');
    try {
      const { size } = await file.stat();
      const header = Buffer.alloc(44);
      await file.read(header, 0, 44, 0);
      if (size >= 44 && header.toString('ascii', 0, 4) === 'RIFF' && header.toString('ascii', 36, 40) === 'data') {
        const riffSize = Buffer.alloc(4);
        riffSize.writeUInt32LE(size - 8);
        const dataSize = Buffer.alloc(4);
        dataSize.writeUInt32LE(size - 44);
        await file.write(riffSize, 0, 4, 4);
        await file.write(dataSize, 0, 4, 40);
      }
    } finally {
      await file.close();
    }
    await rename(partPath, path);
  } catch {
    // It only serves a developer's ears: a file that could not be finished is dropped.
    await rm(partPath, { force: true });
  }
}
