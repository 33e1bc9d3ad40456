/**
 * The redactor against generated synthetic citizens and secrets: whatever
 * shape a RUN, a phone number, a name, an MRZ, a private key, a registration
 * token or a password takes in a log, none of it survives; and the ordinary
 * text of a log (timestamps, codes, durations, counts, kiosk ids) comes out as
 * it went in. Everything here is synthetic: generated people, keys made for
 * the test, example.cl addresses.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTextScrubber, REDACTED, scrubText } from '../../common/redaction.ts';
import { generatePopulation, mrzName, renderMrz, type SyntheticCitizen } from '../../synthetic/citizens/index.ts';

const population = generatePopulation({ seed: 'redaction-test', size: 400 });
const citizen = fc.nat({ max: population.citizens.length - 1 }).map((i) => population.citizens[i]!);
const knownNames = [...new Set(population.citizens.flatMap((c) => [...c.givenNames, ...c.surnames]))];

/** Made once: generating keys inside the property would make it slow, not stronger. */
const PRIVATE_KEYS = [
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
  generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'sec1', format: 'pem' }),
  generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }),
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
].map(String);

const WORDS = ['cordillera', 'nevada', 'amanecer', 'colibrí', 'jardín', 'invierno', 'lluvia', 'desierto', 'florido', 'copihue'];

const runForms = (c: SyntheticCitizen) => {
  const { number, checkDigit, formatted } = c.run;
  return [formatted, `${number}-${checkDigit}`, `${number}${checkDigit}`, `${number}-${checkDigit.toLowerCase()}`];
};

const mobile = fc
  .record({ digits: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }), style: fc.integer({ min: 0, max: 5 }) })
  .map(({ digits, style }) => {
    const d = digits.join('');
    const text = [
      `9${d}`,
      `9 ${d.slice(0, 4)} ${d.slice(4)}`,
      `9-${d.slice(0, 4)}-${d.slice(4)}`,
      `+56 9 ${d.slice(0, 4)} ${d.slice(4)}`,
      `+569${d}`,
      `56 9 ${d}`,
    ][style]!;
    return { text, core: d };
  });

/** One secret as a log would carry it, and the fragments that must not survive. */
interface Planted {
  readonly text: string;
  readonly mustNotSurvive: readonly string[];
}

const json = (value: unknown) => JSON.stringify(value);

const plantedFor = (c: SyntheticCitizen, phone: { text: string; core: string }, choice: number, passphrase: string, token: string, key: string): Planted[] => {
  const runs = runForms(c);
  const names = [...c.givenNames, ...c.surnames];
  const mrz = renderMrz(c);
  const keyBody = key.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
  const run = runs[choice % runs.length]!;
  return [
    { text: `verification failed for ${run} after 3 attempts`, mustNotSurvive: [String(c.run.number), c.run.formatted] },
    { text: json({ level: 'warn', event: 'central.rejected', reason: `citizen ${run} locked` }), mustNotSurvive: [String(c.run.number)] },
    { text: `sms to ${phone.text} queued`, mustNotSurvive: [phone.core] },
    { text: json({ event: 'card.read', givenNames: c.givenNames, surnames: c.surnames }), mustNotSurvive: names },
    { text: json({ event: 'card.read', holder: { name: c.givenNames.join(' '), apellidos: c.surnames.join(' ') } }), mustNotSurvive: names },
    { text: `card read: name=${names.join(' ')}, serial=${c.serial.length}`, mustNotSurvive: names },
    { text: `Nombre: ${names.join(' ')}`, mustNotSurvive: names },
    { text: `mrz line ${mrz[choice % 3]}`, mustNotSurvive: [mrz[choice % 3]!.replace(/<+$/, '').split('<')[0]!] },
    { text: json({ event: 'card.raw', text: mrz.join('\n') }), mustNotSurvive: [...mrz.map((line) => line.slice(0, 12)), ...names.map(mrzName)] },
    { text: mrz.join('\n'), mustNotSurvive: [...mrz.map((line) => line.slice(0, 12)), String(c.run.number), ...names.map(mrzName)] },
    { text: `password=${passphrase}`, mustNotSurvive: [passphrase, ...passphrase.split(' ').filter((w) => w.length >= 5)] },
    { text: json({ event: 'activation.sent', password: passphrase }), mustNotSurvive: [passphrase] },
    { text: `GET /activar?password=${encodeURIComponent(passphrase)}&step=2`, mustNotSurvive: [encodeURIComponent(passphrase)] },
    { text: `registration token ${token} accepted`, mustNotSurvive: [token] },
    { text: json({ event: 'central.register', detail: `token ${token}` }), mustNotSurvive: [token] },
    { text: key, mustNotSurvive: ['PRIVATE KEY', ...keyBody.map((line) => line.slice(0, 16))] },
    { text: json({ event: 'tls.loaded', pem: key }), mustNotSurvive: ['PRIVATE KEY', ...keyBody.map((line) => line.slice(0, 16))] },
  ];
};

const planted = fc
  .tuple(
    citizen,
    mobile,
    fc.nat(),
    fc.array(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 5 }).map((words) => words.join(' ')),
    fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
    fc.constantFrom(...PRIVATE_KEYS),
  )
  .chain(([c, phone, choice, passphrase, token, key]) => fc.subarray(plantedFor(c, phone, choice, passphrase, token, key), { minLength: 1 }));

const CODES = [
  'fingerprint.low_quality',
  'session.step',
  'central.unavailable',
  'outbox.delivered',
  'card.read',
  'printer.paper_out',
  'host.listening',
  'ws.connected',
];
const kioskId = fc.stringMatching(/^[a-z]{2,8}(-[a-z0-9]{1,4}){1,3}$/);
const timestamp = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true })
  .map((date) => date.toISOString());
/** Durations and counts below 10,000,000: an 8- or 9-digit number reads as a bare RUN (see redaction.ts). */
const smallNumber = fc.integer({ min: 0, max: 9_999_999 });
const ordinaryLine = fc.oneof(
  fc
    .record({
      t: timestamp,
      level: fc.constantFrom('debug', 'info', 'warn', 'error'),
      component: fc.constantFrom('service', 'browser-host', 'main', 'central'),
      event: fc.constantFrom(...CODES),
      kioskId,
      durationMs: smallNumber,
      attempts: fc.integer({ min: 0, max: 10 }),
      pending: smallNumber,
      sessionId: fc.uuid(),
      simulatedDevices: fc.boolean(),
    })
    .map((fields) => JSON.stringify(fields)),
  fc
    .tuple(timestamp, fc.constantFrom(...CODES), smallNumber, smallNumber, kioskId)
    .map(([t, code, ms, count, id]) => `${t} ${code} took ${ms} ms, ${count} rows pending on ${id} (exit code 0)`),
);

const wholeWord = (text: string, word: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(text);

describe('the redactor, against generated citizens and secrets', () => {
  it('leaves none of them in a log, whatever ordinary lines surround them', () => {
    fc.assert(
      fc.property(planted, fc.array(ordinaryLine, { maxLength: 3 }), fc.array(ordinaryLine, { maxLength: 3 }), (secrets, before, after) => {
        const log = [...before, ...secrets.map((s) => s.text), ...after].join('\n');
        const scrubbed = scrubText(log);
        for (const secret of secrets) {
          for (const fragment of secret.mustNotSurvive) {
            if (fragment.length < 2) continue;
            expect(wholeWord(scrubbed, fragment) || scrubbed.includes(fragment) ? `${fragment} survived in ${scrubbed}` : 'gone').toBe('gone');
          }
        }
        for (const line of [...before, ...after]) expect(scrubbed).toContain(line);
      }),
      { numRuns: 300 },
    );
  });

  it('takes known names out of free text, as written or in capitals, with or without accents', () => {
    const scrub = createTextScrubber({ knownNames });
    fc.assert(
      fc.property(citizen, fc.constantFrom('card holder', 'atendiendo a', 'printed receipt for'), (c, lead) => {
        const names = [...c.givenNames, ...c.surnames];
        for (const text of [`${lead} ${names.join(' ')}`, `${lead} ${names.map(mrzName).join(' ')}`, `${lead} ${names.join(' ').toUpperCase()}`]) {
          const scrubbed = scrub(text);
          expect(scrubbed.startsWith(lead)).toBe(true);
          for (const name of names) {
            for (const form of [name, name.toUpperCase(), mrzName(name)]) expect(wholeWord(scrubbed, form)).toBe(false);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('passes ordinary log text through unchanged, with or without a list of known names', () => {
    const scrub = createTextScrubber({ knownNames });
    fc.assert(
      fc.property(fc.array(ordinaryLine, { minLength: 1, maxLength: 5 }), (lines) => {
        const log = lines.join('\n');
        expect(scrubText(log)).toBe(log);
        expect(scrub(log)).toBe(log);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a JSON log line JSON, the redacted values in quotes', () => {
    fc.assert(
      fc.property(citizen, (c) => {
        const line = json({ event: 'card.read', givenNames: c.givenNames, name: c.givenNames[0], password: 'x y', run: c.run.formatted, ok: true, pin: null });
        const parsed = JSON.parse(scrubText(line)) as Record<string, unknown>;
        expect(parsed).toEqual({ event: 'card.read', givenNames: REDACTED, name: REDACTED, password: REDACTED, run: REDACTED, ok: true, pin: null });
      }),
    );
  });
});

describe('the redactor, by example', () => {
  it.each([
    ['a bare RUN', 'citizen 182198033 failed', 'citizen [redacted] failed'],
    ['a RUN with dots', 'citizen 18.219.803-3 failed', 'citizen [redacted] failed'],
    ['a RUN with a hyphen only', 'citizen 18219803-3 failed', 'citizen [redacted] failed'],
    ['a bare RUN with check digit K', 'run 9876543K', 'run [redacted]'],
    ['a mobile without +56', 'call 912345678', 'call [redacted]'],
    ['a mobile without +56, spaced', 'call 9 1234 5678 now', 'call [redacted] now'],
    ['an alphanumeric card serial', 'serial B5F089055 read', 'serial [redacted] read'],
    ['password=', 'login password=hunter2 ok', 'login password=[redacted]'],
    ['a quoted password', "password: 'a b c', next", "password: '[redacted]', next"],
    ['a name field in free text', 'name=Camila Soto Valenzuela, reason=card', 'name=[redacted], reason=card'],
    ['a registration token', `token ${'aB3'.repeat(14)}x`, 'token [redacted]'],
  ])('scrubs %s', (_what, text, expected) => {
    expect(scrubText(text)).toBe(expected);
  });

  it('scrubs the review step’s full contact read-back, should a snapshot ever reach a log line', () => {
    const line = JSON.stringify({ step: 'review', review: { email: 'persona.sintetica@example.cl', phone: '+56912345678' } });
    const scrubbed = scrubText(line);
    for (const secret of ['persona.sintetica', '@example.cl', '12345678']) expect(scrubbed).not.toContain(secret);
  });

  it('scrubs a whole PEM private key block, and one whose END line is missing', () => {
    const key = PRIVATE_KEYS[0]!;
    expect(scrubText(`loaded\n${key}done`)).toBe(`loaded\n${REDACTED}\ndone`);
    const cut = key.split('\n').slice(0, 3).join('\n');
    expect(scrubText(`${cut}\nnext line`)).not.toContain(cut.split('\n')[1]!.slice(0, 16));
  });

  it.each([
    '2026-01-15T12:00:00.000Z',
    'fingerprint.low_quality',
    'took 1234567 ms',
    'hostname: kiosk-7',
    'serial:/dev/ttyUSB0@57600',
    'https://127.0.0.1:8443/v1/health',
    '12345678-1234-4234-8234-123456789012',
    'central.registration_token_expired',
    '{"email":true,"phone":null}',
    'node v24.21.0, openssl 3.5.4',
  ])('keeps %s', (text) => {
    expect(scrubText(text)).toBe(text);
  });

  it('never throws and stays linear on long or hostile text', () => {
    const long = `${'password='.repeat(5000)}${'<'.repeat(50_000)}${'1'.repeat(50_000)}-----BEGIN PRIVATE KEY-----${'A'.repeat(50_000)}`;
    expect(() => scrubText(long)).not.toThrow();
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => void scrubText(text)));
    expect(scrubText(randomBytes(3000).toString('latin1'))).toEqual(expect.any(String));
  });
});
