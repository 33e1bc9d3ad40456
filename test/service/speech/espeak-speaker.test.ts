import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AudioOutput } from '../../../electron/service/speech/audio-output.ts';
import { createEspeakSpeaker, type Speaker } from '../../../electron/service/speech/espeak-speaker.ts';
import { createLogger } from '../../../common/log.ts';

/**
 * The speaker against the real espeak-ng (installed by .ci/run). Audio goes
 * to a file or to a stand-in player (fake-player.ts), so the tests need no
 * sound card; they check the WAV that was produced, not what it sounds like,
 * and wait on events (a file appearing), never on how fast espeak-ng runs.
 */
const FAKE_PLAYER = join(import.meta.dirname, 'fake-player.ts');
const speakers: Speaker[] = [];

afterEach(async () => {
  await Promise.all(speakers.splice(0).map((speaker) => speaker.close()));
});

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'kiosk-speech-'));
}

function speaker(output: AudioOutput, espeakPath?: string) {
  const lines: string[] = [];
  const log = createLogger((line) => lines.push(line), 'speech-test');
  const created = createEspeakSpeaker({ output, log, ...(espeakPath === undefined ? {} : { espeakPath }) });
  speakers.push(created);
  return { speaker: created, lines };
}

/** A player that writes what it receives into `dir`; with `hold`, it keeps "playing" until killed. */
function fakePlayer(dir: string, hold = false): AudioOutput {
  return { kind: 'device', command: process.execPath, args: [FAKE_PLAYER, dir, ...(hold ? ['hold'] : [])] };
}

/** An executable shell script standing in for espeak-ng. */
function script(dir: string, body: string): string {
  const path = join(dir, 'espeak-ng');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const marks = (dir: string, what: string) => readdirSync(dir).filter((name) => name.endsWith(`.${what}`));

function expectWav(bytes: Buffer) {
  expect(bytes.toString('ascii', 0, 4)).toBe('RIFF');
  expect(bytes.toString('ascii', 8, 12)).toBe('WAVE');
  // More than a header: there is sound in it.
  expect(bytes.length).toBeGreaterThan(1000);
}

describe('espeak-ng speaker', () => {
  it('reports the voice for each language and where the audio goes', async () => {
    const { speaker: s } = speaker(fakePlayer(tempDir()));
    expect(await s.status()).toEqual({ available: true, reason: null, output: 'device', voices: { 'es-CL': 'es-419', en: 'en-us', ht: 'ht' } });
  });

  it('pipes the synthesised WAV to the player and answers once it plays', async () => {
    const dir = tempDir();
    const { speaker: s } = speaker(fakePlayer(dir));
    expect(await s.say('Acerca tu cédula al lector.', 'es-CL')).toEqual({ ok: true, value: { spoken: true } });
    await s.idle();
    const [wav] = marks(dir, 'wav');
    expectWav(readFileSync(join(dir, wav!)));
    expect(marks(dir, 'done')).toHaveLength(1);
  });

  it('speaks each language, Kreyòl included', async () => {
    const dir = tempDir();
    const { speaker: s } = speaker({ kind: 'file', path: join(dir, 'out.wav') });
    for (const [language, text] of [
      ['es-CL', 'Hola'],
      ['en', 'Hello'],
      ['ht', 'Bonjou, mete kat idantite ou.'],
    ] as const) {
      expect(await s.say(text, language)).toEqual({ ok: true, value: { spoken: true } });
      await s.idle();
      expectWav(readFileSync(join(dir, 'out.wav')));
    }
  });

  it('writes a complete WAV with its real sizes to the file output (simulated kiosks without sound)', async () => {
    const dir = tempDir();
    const path = join(dir, 'simulated-speech', 'last-utterance.wav');
    const { speaker: s } = speaker({ kind: 'file', path });
    expect(await s.say('Pon tu dedo en el lector de huellas.', 'es-CL')).toEqual({ ok: true, value: { spoken: true } });
    await s.idle();
    const bytes = readFileSync(path);
    expectWav(bytes);
    expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8);
    expect(bytes.readUInt32LE(40)).toBe(bytes.length - 44);
    // No half-written files are left beside it.
    expect(readdirSync(join(dir, 'simulated-speech'))).toEqual(['last-utterance.wav']);
  });

  it('speaks a text that starts with "-" instead of taking it as an option', async () => {
    const dir = tempDir();
    const { speaker: s } = speaker({ kind: 'file', path: join(dir, 'out.wav') });
    // As an argument, "--version" would print espeak-ng's version and no audio; "-w" would name a file to write.
    expect(await s.say('--version -w /tmp/x.wav', 'en')).toEqual({ ok: true, value: { spoken: true } });
    await s.idle();
    expectWav(readFileSync(join(dir, 'out.wav')));
  });

  it('starts espeak-ng with an argument array that holds no text', async () => {
    const dir = tempDir();
    const argsFile = join(dir, 'argv');
    const espeak = script(dir, `printf '%s\\n' "$@" >> '${argsFile}'\nexec espeak-ng "$@"`);
    const { speaker: s } = speaker({ kind: 'file', path: join(dir, 'out.wav') }, espeak);
    expect(await s.say('Valentina; rm -rf / $(reboot)', 'es-CL')).toEqual({ ok: true, value: { spoken: true } });
    await s.idle();
    const calls = readFileSync(argsFile, 'utf8');
    expect(calls).toBe(['--voices', '-v', 'es-419', '-s', '150', '-b', '1', '--stdout', '--stdin', ''].join('\n'));
    expect(calls).not.toContain('Valentina');
  });

  it('interrupts the utterance playing when a new one comes, and stop cuts off the last', async () => {
    const dir = tempDir();
    const { speaker: s } = speaker(fakePlayer(dir, true));
    expect(await s.say('Primera instrucción, que todavía suena.', 'es-CL')).toEqual({ ok: true, value: { spoken: true } });
    await expect.poll(() => marks(dir, 'started').length).toBe(1);
    expect(await s.say('Segunda instrucción.', 'es-CL')).toEqual({ ok: true, value: { spoken: true } });
    await expect.poll(() => marks(dir, 'killed').length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => marks(dir, 'started').length).toBe(2);
    expect(s.stop()).toEqual({ stopped: true });
    await expect.poll(() => marks(dir, 'killed').length, { timeout: 10_000 }).toBe(2);
    await s.idle();
    expect(s.stop()).toEqual({ stopped: false });
  });

  it('answers "not spoken" to a say overtaken by another before it started', async () => {
    const dir = tempDir();
    const { speaker: s } = speaker({ kind: 'file', path: join(dir, 'out.wav') });
    const first = s.say('Primera', 'es-CL');
    const second = s.say('Second', 'en');
    expect(await first).toEqual({ ok: true, value: { spoken: false } });
    expect(await second).toEqual({ ok: true, value: { spoken: true } });
  });

  it('never logs the text, even when something fails', async () => {
    const dir = tempDir();
    const { speaker: s, lines } = speaker({ kind: 'file', path: join(dir, 'out.wav') });
    await s.say('Valentina, tu RUN es 12.345.678-5', 'es-CL');
    await s.say('Valentina otra vez', 'en');
    s.stop();
    await s.idle();
    const failing = speaker(
      { kind: 'file', path: join(dir, 'other.wav') },
      script(tempDir(), 'if [ "$1" = "--voices" ]; then exec espeak-ng --voices; fi\nexit 3'),
    );
    expect(await failing.speaker.say('Valentina por tercera vez', 'es-CL')).toMatchObject({ ok: false, error: { code: 'speech.failed' } });
    const log = [...lines, ...failing.lines].join('');
    expect(log).toContain('speech.say');
    expect(log).not.toContain('Valentina');
    expect(log).not.toContain('12.345');
  });

  it('logs a player that fails (aplay without a sound card), by exit code only', async () => {
    const { speaker: s, lines } = speaker({ kind: 'device', command: '/bin/sh', args: ['-c', 'exit 1'] });
    // Spoken or failed depends on which of the two programs is quicker; the log does not.
    await s.say('Valentina', 'es-CL');
    await s.idle();
    expect(lines.join('')).toContain('"event":"speech.player_failed","code":1');
    expect(lines.join('')).not.toContain('Valentina');
  });

  it('reports speech unavailable when espeak-ng is not installed', async () => {
    const { speaker: s, lines } = speaker(fakePlayer(tempDir()), join(tempDir(), 'no-such-espeak-ng'));
    expect(await s.status()).toEqual({ available: false, reason: 'synthesiser_missing', output: 'device', voices: { 'es-CL': null, en: null, ht: null } });
    expect(await s.say('Hola', 'es-CL')).toEqual({
      ok: false,
      error: { code: 'speech.unavailable', messageKey: 'errors.speechUnavailable', retryable: false },
    });
    expect(lines.join('')).toContain('speech.synthesiser_missing');
  });

  it('reports no audio output when there is no player and no file to write', async () => {
    const { speaker: s } = speaker({ kind: 'none' });
    expect(await s.status()).toMatchObject({ available: false, reason: 'no_audio_output', output: 'none', voices: { 'es-CL': 'es-419' } });
    expect(await s.say('Hola', 'es-CL')).toMatchObject({ ok: false, error: { code: 'speech.no_audio_output', messageKey: 'errors.speechUnavailable' } });
  });

  it('refuses a language whose voice is not installed, and speaks the others', async () => {
    const dir = tempDir();
    const withoutKreyol = script(
      dir,
      `if [ "$1" = "--voices" ]; then printf 'Pty Language Age/Gender VoiceName File Other Languages\\n 5  es-419  --/M  Spanish roa/es-419\\n 2  en-us  --/M  English gmw/en-US\\n 5  fr-fr  --/M  French roa/fr\\n'; exit 0; fi\nexec espeak-ng "$@"`,
    );
    const { speaker: s } = speaker({ kind: 'file', path: join(dir, 'out.wav') }, withoutKreyol);
    expect((await s.status()).voices).toEqual({ 'es-CL': 'es-419', en: 'en-us', ht: null });
    expect(await s.say('Bonjou', 'ht')).toEqual({
      ok: false,
      error: { code: 'speech.voice_missing', messageKey: 'errors.speechVoiceMissing', retryable: false },
    });
    expect(await s.say('Hola', 'es-CL')).toEqual({ ok: true, value: { spoken: true } });
  });
});
