/**
 * Both modes end to end on the byte-level fingerprint simulator: `kioskctl
 * simulate fingerprint` speaks the R30x protocol on a pseudo-terminal, the
 * kiosk's real R30x driver reads it over serialport (KIOSK_FINGERPRINT=
 * serial:…), moves it from the factory 57600 baud to 115200, captures with
 * GenImg + UpImage, scores the image itself and sends an ISO/IEC 19794-4
 * image record to the embedded central, which extracts and matches. The
 * card reader and the printer stay simulated in-process. The simulator's
 * `status` line says what the kiosk took from the module: images, never a
 * vendor template.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  finish,
  insertCard,
  returnToWelcome,
  syntheticCitizens,
  toCardStep,
  typeContact,
  typePasswordTwice,
  type SyntheticCitizen,
} from '../support/citizen-flow.ts';
import { type KioskScreen, type Look, openKioskScreen } from '../support/kiosk-screen.ts';
import {
  ACTIVATION_CODE,
  accountChannel,
  activateOnWeb,
  embeddedCentral,
  eventually,
  mailbox,
  receiptTranscripts,
  setCentralOutage,
} from '../support/kiosk-outside.ts';
import { type RunningKiosk, startKiosk } from '../support/kiosk-process.ts';
import { exited, interactive, killIfRunning } from '../support/kioskctl.ts';

const LOOK: Look = { language: 'es-CL', theme: 'normal' };
const FLOW_TIMEOUT_MS = 120_000;
/** The R30x's factory rate: the kiosk moves the module to 115200 for the image and back when it closes the port. */
const FACTORY_BAUD = 57_600;

type Simulator = ReturnType<typeof interactive>;

interface SerialKiosk {
  readonly kiosk: RunningKiosk;
  readonly browser: Browser;
  readonly screen: KioskScreen;
  readonly simulator: Simulator;
  readonly citizens: SyntheticCitizen[];
  readonly dir: string;
}

/** The simulator on a fresh pty link, then a kiosk of `mode` whose fingerprint reader is that link. */
async function startSerialKiosk(mode: 'chileatiende' | 'civil-digital'): Promise<SerialKiosk> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-serial-'));
  const link = join(dir, 'fingerprint');
  const simulator = interactive(['simulate', 'fingerprint', '--link', link, '--baud', String(FACTORY_BAUD)]);
  expect(await simulator.next((line) => line.event === 'ready')).toMatchObject({ link, baud: FACTORY_BAUD });
  const kiosk = await startKiosk({ KIOSK_MODE: mode, KIOSK_FINGERPRINT: `serial:${link}@${FACTORY_BAUD}` });
  const { browser, screen } = await openKioskScreen(kiosk);
  const citizens = await syntheticCitizens(screen, 'ok', 3);
  return { kiosk, browser, screen, simulator, citizens, dir };
}

async function stopSerialKiosk(serial: SerialKiosk | undefined): Promise<void> {
  if (!serial) return;
  await serial.browser.close();
  await serial.kiosk.stop();
  serial.simulator.send('quit');
  await exited(serial.simulator.child).catch(() => undefined);
  await killIfRunning(serial.simulator.child);
  rmSync(serial.dir, { recursive: true, force: true });
}

/** One control line and its reply (the simulator answers each line with one JSON line, in order). */
async function control(simulator: Simulator, line: string): Promise<Record<string, unknown>> {
  const before = simulator.lines.length;
  simulator.send(line);
  const command = line.split(' ')[0];
  return simulator.next((reply) => simulator.lines.indexOf(reply) >= before && reply.command === command);
}

/** What the module has handed the host so far. */
async function uploads(simulator: Simulator): Promise<{ images: number; templates: number }> {
  const status = await control(simulator, 'status');
  return { images: status.imagesUploaded as number, templates: status.templatesUploaded as number };
}

/**
 * The card, then the citizen's finger on the simulated module's glass: the
 * finger the kiosk asks for (the finger step's snapshot names it), in a good
 * condition. Returns when the kiosk has gone past the finger step.
 */
async function cardAndFinger(serial: SerialKiosk, citizen: SyntheticCitizen, next: string): Promise<void> {
  const { screen, simulator } = serial;
  await toCardStep(screen, LOOK);
  await insertCard(screen, citizen.run);
  await screen.expectScreen('finger.title');
  const { finger } = await screen.snapshot();
  expect(finger).not.toBeNull();
  expect(await control(simulator, `place ${citizen.run} ${finger!.name} good`)).toMatchObject({ ok: true, finger: finger!.name });
  await screen.expectScreen(next);
  await control(simulator, 'lift');
}

describe('ChileAtiende on the R30x byte simulator (serial, images)', () => {
  let serial: SerialKiosk;
  beforeAll(async () => {
    serial = await startSerialKiosk('chileatiende');
  });
  afterEach(async () => serial && returnToWelcome(serial.screen, () => control(serial.simulator, 'lift')));
  afterAll(async () => stopSerialKiosk(serial));

  it(
    'activates in one step with a typed password: central verified the uploaded image',
    async () => {
      const { screen, simulator, kiosk } = serial;
      const citizen = serial.citizens[0]!;
      const before = await uploads(simulator);
      await cardAndFinger(serial, citizen, 'email.title');
      const after = await uploads(simulator);
      expect(after.images).toBeGreaterThan(before.images);
      expect(after.templates).toBe(before.templates);
      // The image came at the faster rate the kiosk set on the module.
      expect(await control(simulator, 'status')).toMatchObject({ baud: 115_200 });

      await typeContact(screen, 'serial1@example.cl', '55510001');
      await screen.methodButton('password.typeOwn').tap();
      await typePasswordTwice(screen, 'kiosco verde lejano');
      await screen.tapButton('password.submit');
      await screen.expectScreen('review.title');
      await screen.tapButton('review.confirm');
      const { citizen: shown } = await screen.snapshot();
      await screen.expectScreen('activated.titleNamed', { name: shown!.firstName! });
      expect(accountChannel(embeddedCentral(kiosk), citizen.run)).toBe('one-step');
      await finish(screen);
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'with central offline, seals the image into a deferred enrollment that central verifies once it is back',
    async () => {
      const { screen, simulator, kiosk } = serial;
      const citizen = serial.citizens[1]!;
      const central = embeddedCentral(kiosk);
      await setCentralOutage(kiosk, true);
      try {
        await cardAndFinger(serial, citizen, 'deferredOffer.title');
        await screen.tapButton('deferredOffer.accept');
        await typeContact(screen, 'serial2@example.cl', '55510002');
        await screen.methodButton('password.bySms').tap();
        await screen.expectScreen('review.title');
        await screen.tapButton('review.confirmDeferred');
        await screen.expectScreen('deferred.title');
        await finish(screen);
        expect(accountChannel(central, citizen.run)).toBeUndefined();
      } finally {
        await setCentralOutage(kiosk, false);
      }
      expect((await uploads(simulator)).templates).toBe(0);
      // The bundle carries the 19794-4 image record: central extracts, matches, and only then opens the account.
      expect(await eventually(() => accountChannel(central, citizen.run), 'the deferred enrollment to reach central', 60_000)).toBe('one-step');
      const sms = await eventually(async () => (await mailbox(central, '+56955510002')).find((m) => m.kind === 'generated_password'), 'the SMS');
      expect(sms.channel).toBe('sms');
    },
    FLOW_TIMEOUT_MS,
  );
});

describe('Civil Digital on the R30x byte simulator (serial, images)', () => {
  let serial: SerialKiosk;
  beforeAll(async () => {
    serial = await startSerialKiosk('civil-digital');
  });
  afterEach(async () => serial && returnToWelcome(serial.screen, () => control(serial.simulator, 'lift')));
  afterAll(async () => stopSerialKiosk(serial));

  it(
    'prints a code after central verified the uploaded image, and the code activates the account on /activar',
    async () => {
      const { screen, simulator, kiosk } = serial;
      const citizen = serial.citizens[0]!;
      const printedBefore = receiptTranscripts(kiosk).length;
      await cardAndFinger(serial, citizen, 'codePrinted.title');
      expect(await uploads(simulator)).toMatchObject({ templates: 0 });
      expect((await uploads(simulator)).images).toBeGreaterThanOrEqual(1);
      const receipt = await eventually(() => receiptTranscripts(kiosk).slice(printedBefore).at(-1), 'the receipt transcript');
      const code = ACTIVATION_CODE.exec(receipt)?.[1];
      expect(code, 'an activation code on the receipt').toBeDefined();
      const central = embeddedCentral(kiosk);
      const activation = await activateOnWeb(central, {
        run: citizen.run,
        code: code!,
        email: 'serial3@example.cl',
        phone: '+56 9 5551 0003',
        password: 'una frase sintética bastante larga',
      });
      expect(activation.status).toBe(201);
      expect(accountChannel(central, citizen.run)).toBe('activation-code');
      await finish(screen);
    },
    FLOW_TIMEOUT_MS,
  );
});
