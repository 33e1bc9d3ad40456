/**
 * A stand-in for aplay in the speaker's tests: `node fake-player.ts DIR [hold]`.
 * Writes what arrives on standard input to DIR/<pid>.wav and marks its life
 * in files beside it (started, done, killed), so a test can tell which
 * utterance was cut off without listening. With `hold` it keeps "playing"
 * after the input ends, until it is killed, as a real player does while the
 * sound lasts; the test then does not depend on how fast espeak-ng runs.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, mode] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: fake-player.ts DIR [hold]');
const mark = (what: string) => writeFileSync(join(dir, `${process.pid}.${what}`), '');

process.on('SIGTERM', () => {
  mark('killed');
  process.exit(143);
});
mark('started');
const wav = createWriteStream(join(dir, `${process.pid}.wav`));
process.stdin.pipe(wav);
wav.on('finish', () => {
  mark('done');
  if (mode === 'hold') setInterval(() => undefined, 60_000);
  else process.exit(0);
});
