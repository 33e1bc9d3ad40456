import { describe, expect, it } from 'vitest';
import { chooseAudioOutput, findAudioPlayer } from '../../../electron/service/speech/audio-output.ts';

const installed =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe('audio output', () => {
  it('prefers aplay, then pw-play, then paplay, searching PATH in order', () => {
    expect(findAudioPlayer('/usr/local/bin:/usr/bin', installed('/usr/bin/paplay', '/usr/bin/aplay', '/usr/local/bin/aplay'))).toEqual({
      kind: 'device',
      command: '/usr/local/bin/aplay',
      args: ['-q'],
    });
    expect(findAudioPlayer('/usr/bin', installed('/usr/bin/paplay', '/usr/bin/pw-play'))).toEqual({ kind: 'device', command: '/usr/bin/pw-play', args: ['-'] });
    expect(findAudioPlayer('/usr/bin', installed('/usr/bin/paplay'))).toEqual({ kind: 'device', command: '/usr/bin/paplay', args: [] });
  });

  it('ignores relative PATH entries (a player in the working directory is not trusted)', () => {
    expect(findAudioPlayer('.:bin:', installed('aplay', 'bin/aplay'))).toBeNull();
  });

  it('writes a file on a simulated kiosk without a player, and has no output on a real one', () => {
    const none = installed();
    expect(chooseAudioOutput({ searchPath: '/usr/bin', simulated: true, dataDir: '/data', isExecutable: none })).toEqual({
      kind: 'file',
      path: '/data/simulated-speech/last-utterance.wav',
    });
    expect(chooseAudioOutput({ searchPath: '/usr/bin', simulated: false, dataDir: '/data', isExecutable: none })).toEqual({ kind: 'none' });
  });

  it('plays on a device whenever a player is found, simulated or not', () => {
    const aplay = installed('/usr/bin/aplay');
    expect(chooseAudioOutput({ searchPath: '/usr/bin', simulated: true, dataDir: '/data', isExecutable: aplay }).kind).toBe('device');
  });
});
