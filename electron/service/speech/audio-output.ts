import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * Where synthesised speech goes. espeak-ng can play on its own, but it exits
 * 0 even when there is no sound device (it only prints ALSA errors), so the
 * kiosk could not tell "spoken" from "lost". Instead espeak-ng writes WAV to
 * its standard output and the kiosk pipes it to a player program whose exit
 * status means something, or, on a simulated kiosk without sound, to a file
 * a developer can listen to (like the simulated printer's receipts).
 */
export type AudioOutput =
  | { readonly kind: 'device'; readonly command: string; readonly args: readonly string[] }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'none' };

/**
 * Players that read a WAV stream on standard input, in order of preference:
 * ALSA's aplay is on nearly every Linux and also reaches PulseAudio or
 * PipeWire through their ALSA plugins; then PipeWire's and PulseAudio's own.
 */
export const AUDIO_PLAYERS: ReadonlyArray<{ readonly name: string; readonly args: readonly string[] }> = [
  { name: 'aplay', args: ['-q'] },
  { name: 'pw-play', args: ['-'] },
  { name: 'paplay', args: [] },
];

export type IsExecutable = (path: string) => boolean;

export const isExecutableFile: IsExecutable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The first player found on the search path (`PATH`), as an absolute path; null when none is. */
export function findAudioPlayer(searchPath: string | undefined, isExecutable: IsExecutable = isExecutableFile): AudioOutput | null {
  const dirs = (searchPath ?? '').split(delimiter).filter((dir) => dir !== '' && isAbsolute(dir));
  for (const player of AUDIO_PLAYERS) {
    for (const dir of dirs) {
      const command = join(dir, player.name);
      if (isExecutable(command)) return { kind: 'device', command, args: player.args };
    }
  }
  return null;
}

export interface AudioOutputChoice {
  readonly searchPath: string | undefined;
  /** A simulated kiosk (development) writes speech to a file when it has no player. */
  readonly simulated: boolean;
  readonly dataDir: string;
  readonly isExecutable?: IsExecutable;
}

export function chooseAudioOutput({ searchPath, simulated, dataDir, isExecutable }: AudioOutputChoice): AudioOutput {
  const player = findAudioPlayer(searchPath, isExecutable);
  if (player !== null) return player;
  if (simulated) return { kind: 'file', path: join(dataDir, 'simulated-speech', 'last-utterance.wav') };
  return { kind: 'none' };
}
