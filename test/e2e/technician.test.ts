/**
 * Technician mode on the touch screen, end to end: `npm start`'s browser
 * host (kiosk service, embedded central sandbox, simulated devices) driven
 * in Debian's Chromium with touch, elements found by role and name.
 *
 * The gesture is made with real touch events (CDP Input.dispatchTouchEvent:
 * Chromium turns them into the pointer events the page listens to); the long
 * press really lasts 3 s. The kiosk starts without a technician PIN: the
 * touch screen only says how to set one up, and the test provisions it as a
 * technician would, with `kioskctl technician set-pin` on the kiosk's data
 * directory. The lockout is tried last, so nothing after it needs the PIN.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, CDPSession, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_MIN_QUALITY } from '../../electron/service/session/finger-images.ts';
import { launchChromium } from '../support/chromium.ts';
import { type RunningKiosk, startKiosk } from '../support/kiosk-process.ts';
import { exited, interactive, kioskctl, killIfRunning, outputClosed } from '../support/kioskctl.ts';

const WIDTH = 1080;
const HEIGHT = 1920;
const PIN = '480159';
/** The PIN after the technician changes it on the screen. */
const NEW_PIN = '582063';
const WAIT = { timeout: 20_000 };
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Corners well inside the gesture's corner squares (10 % of the shorter side, renderer/technician/gesture.ts). */
const CORNERS = { topLeft: [30, 30], topRight: [WIDTH - 30, 30], bottomRight: [WIDTH - 30, HEIGHT - 30], bottomLeft: [30, HEIGHT - 30] } as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function touch(cdp: CDPSession, [x, y]: readonly [number, number], holdMs: number): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y, id: 1 }] });
  if (holdMs > 0) await sleep(holdMs);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** Hold the top-left corner 3 s, then tap top-right, bottom-right, bottom-left. */
async function technicianGesture(cdp: CDPSession): Promise<void> {
  await touch(cdp, CORNERS.topLeft, 3300);
  for (const corner of [CORNERS.topRight, CORNERS.bottomRight, CORNERS.bottomLeft]) await touch(cdp, corner, 0);
}

/** A seeded PRNG (mulberry32): the same "random" touches on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('technician mode on the touch screen (browser host, Chromium)', () => {
  let kiosk: RunningKiosk;
  let browser: Browser;
  let page: Page;
  let cdp: CDPSession;
  let dialog: Locator;

  async function typePin(pin: string): Promise<void> {
    for (const digit of pin) await dialog.getByRole('button', { name: digit, exact: true }).tap();
  }

  async function axeViolations(): Promise<string[]> {
    const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
    return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }

  async function welcomeScreenWorks(): Promise<void> {
    await expect.poll(() => page.getByRole('button', { name: 'Comenzar' }).isVisible(), WAIT).toBe(true);
    await page.getByRole('button', { name: 'Comenzar' }).tap();
    await expect.poll(() => page.getByRole('button', { name: 'Cancelar' }).isVisible(), WAIT).toBe(true);
    await page.getByRole('button', { name: 'Cancelar' }).tap();
    await expect.poll(() => page.getByRole('button', { name: 'Comenzar' }).isVisible(), WAIT).toBe(true);
  }

  beforeAll(async () => {
    kiosk = await startKiosk();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT }, hasTouch: true });
    page = await context.newPage();
    cdp = await context.newCDPSession(page);
    await page.goto(kiosk.url);
    await page.getByRole('button', { name: 'Comenzar' }).waitFor(WAIT);
    dialog = page.getByRole('dialog', { name: 'Modo técnico' });
  });

  afterAll(async () => {
    await browser?.close();
    await kiosk?.stop();
  });

  /** `kioskctl technician set-pin --pin-stdin` on the running kiosk's data directory, as a technician runs it on the console. */
  async function setPinWithKioskctl(pin: string): Promise<Record<string, unknown>> {
    const child = kioskctl(['technician', 'set-pin', '--pin-stdin', '--data-dir', kiosk.dataDir]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const closed = outputClosed(child);
    child.stdin.end(`${pin}\n`);
    expect(await exited(child), stderr).toBe(0);
    await closed;
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  async function enterWith(pin: string): Promise<void> {
    await technicianGesture(cdp);
    await expect.poll(() => dialog.getByRole('heading', { name: 'PIN de técnico' }).isVisible(), WAIT).toBe(true);
    await typePin(pin);
    await dialog.getByRole('button', { name: 'Entrar' }).tap();
    await expect.poll(() => dialog.getByRole('button', { name: 'Salir' }).isVisible(), WAIT).toBe(true);
  }

  it('opens with the corner gesture and, on a kiosk without a PIN, offers no PIN pad: it says to set it up with kioskctl', async () => {
    await technicianGesture(cdp);
    await expect.poll(() => dialog.getByRole('heading', { name: 'Modo técnico sin configurar' }).isVisible(), WAIT).toBe(true);
    expect(await dialog.getByText('kioskctl technician set-pin', { exact: true }).isVisible()).toBe(true);
    expect(await dialog.getByRole('group', { name: 'Teclado numérico' }).count()).toBe(0);
    expect(await dialog.getByRole('button', { name: '1', exact: true }).count()).toBe(0);
    expect(await axeViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancelar' }).tap();
    await expect.poll(() => dialog.count(), WAIT).toBe(0);
    // Nothing the screen can send sets a PIN.
    expect(await page.evaluate(() => window.kiosk!.technician.status())).toMatchObject({ ok: true, value: { state: 'setup' } });
  });

  it('after `kioskctl technician set-pin` provisions the PIN, the gesture asks for it and opens technician mode', async () => {
    expect(await setPinWithKioskctl(PIN)).toMatchObject({ pinSet: true, replaced: false, lockedUntil: null });
    await technicianGesture(cdp);
    await expect.poll(() => dialog.getByRole('heading', { name: 'PIN de técnico' }).isVisible(), WAIT).toBe(true);
    await typePin(PIN);
    // The PIN is never on screen: dots, and how many digits were typed.
    expect(await dialog.locator('output').innerText()).not.toContain(PIN);
    await dialog.getByRole('button', { name: 'Entrar' }).tap();
    await expect.poll(() => dialog.getByRole('button', { name: 'Salir' }).isVisible(), WAIT).toBe(true);
    expect(await dialog.getByRole('navigation', { name: 'Secciones del modo técnico' }).isVisible()).toBe(true);
    expect(await axeViolations()).toEqual([]);
  });

  it('leaves with "Salir" back to the welcome screen', async () => {
    await dialog.getByRole('button', { name: 'Salir' }).tap();
    await expect.poll(() => dialog.count(), WAIT).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Comenzar' }).isVisible(), WAIT).toBe(true);
  });

  it('refuses a wrong PIN, saying how many attempts are left, then opens with the right one', async () => {
    await technicianGesture(cdp);
    await expect.poll(() => dialog.getByRole('heading', { name: 'PIN de técnico' }).isVisible(), WAIT).toBe(true);
    await typePin('000001');
    await dialog.getByRole('button', { name: 'Entrar' }).tap();
    await expect.poll(() => dialog.getByRole('alert').filter({ hasText: 'PIN incorrecto.' }).isVisible(), WAIT).toBe(true);
    await expect.poll(() => dialog.getByText('Quedan 4 intentos antes del bloqueo.').isVisible(), WAIT).toBe(true);
    await typePin(PIN);
    await dialog.getByRole('button', { name: 'Entrar' }).tap();
    await expect.poll(() => dialog.getByRole('button', { name: 'Salir' }).isVisible(), WAIT).toBe(true);
  });

  it('changes the PIN: the PIN in use, a weak new PIN refused at its first entry, the new PIN twice; then only the new one opens', async () => {
    await dialog.getByRole('button', { name: 'Cambiar PIN' }).tap();
    await expect.poll(() => dialog.getByRole('heading', { name: 'Cambiar el PIN de técnico' }).isVisible(), WAIT).toBe(true);
    await typePin(PIN);
    await dialog.getByRole('button', { name: 'Siguiente' }).tap();
    await expect.poll(() => dialog.getByRole('heading', { name: 'PIN nuevo' }).isVisible(), WAIT).toBe(true);
    await typePin('654321');
    await dialog.getByRole('button', { name: 'Siguiente' }).tap();
    await expect.poll(() => dialog.getByRole('alert').filter({ hasText: 'Ese PIN es muy fácil de adivinar' }).isVisible(), WAIT).toBe(true);
    // Refused at once: still asking for the new PIN, not for it again.
    expect(await dialog.getByRole('heading', { name: 'PIN nuevo' }).isVisible()).toBe(true);
    expect(await dialog.getByRole('heading', { name: 'Confirma el PIN nuevo' }).count()).toBe(0);
    expect(await axeViolations()).toEqual([]);
    await typePin(NEW_PIN);
    await dialog.getByRole('button', { name: 'Siguiente' }).tap();
    await expect.poll(() => dialog.getByRole('heading', { name: 'Confirma el PIN nuevo' }).isVisible(), WAIT).toBe(true);
    await typePin(NEW_PIN);
    await dialog.getByRole('button', { name: 'Guardar PIN' }).tap();
    await expect.poll(() => dialog.getByText('PIN cambiado. Úsalo la próxima vez que entres.').isVisible(), WAIT).toBe(true);

    await dialog.getByRole('button', { name: 'Salir' }).tap();
    await expect.poll(() => dialog.count(), WAIT).toBe(0);
    await technicianGesture(cdp);
    await expect.poll(() => dialog.getByRole('heading', { name: 'PIN de técnico' }).isVisible(), WAIT).toBe(true);
    await typePin(PIN);
    await dialog.getByRole('button', { name: 'Entrar' }).tap();
    await expect.poll(() => dialog.getByRole('alert').filter({ hasText: 'PIN incorrecto.' }).isVisible(), WAIT).toBe(true);
    await typePin(NEW_PIN);
    await dialog.getByRole('button', { name: 'Entrar' }).tap();
    await expect.poll(() => dialog.getByRole('button', { name: 'Salir' }).isVisible(), WAIT).toBe(true);
  });

  it('runs the self-test: one line per check, devices and central included', async () => {
    await dialog.getByRole('button', { name: 'Salud' }).tap();
    await dialog.getByRole('button', { name: 'Ejecutar autodiagnóstico' }).tap();
    const lines = dialog.getByRole('list', { name: 'Ejecutar autodiagnóstico' }).getByRole('listitem');
    await expect.poll(() => lines.count(), WAIT).toBe(9);
    const texts = await lines.allInnerTexts();
    for (const check of [
      'Configuración',
      'Lector de huellas',
      'Lector de cédula',
      'Impresora',
      'API central',
      'Reloj',
      'Certificado del kiosco',
      'Disco',
      'Cola de envíos',
    ]) {
      expect(
        texts.some((text) => text.startsWith(check)),
        check,
      ).toBe(true);
    }
    for (const device of ['Lector de huellas', 'Lector de cédula', 'Impresora']) {
      expect(texts.find((text) => text.startsWith(device))).toContain('Correcto');
    }
    expect(texts.find((text) => text.startsWith('API central'))).toContain('Correcto');
    expect(await axeViolations()).toEqual([]);
  });

  it('prints a test receipt on the simulated printer', async () => {
    await dialog.getByRole('button', { name: 'Dispositivos' }).tap();
    await dialog.getByRole('button', { name: 'Imprimir comprobante de prueba' }).tap();
    await expect.poll(() => dialog.getByText(/Comprobante de prueba impreso \(\d+ bytes enviados\)\./).isVisible(), WAIT).toBe(true);
    const out = join(kiosk.dataDir, 'simulated-printer');
    // The simulated printer writes its transcript (whole, by rename) just after acknowledging the job.
    const transcriptsNow = () => {
      try {
        return readdirSync(out).filter((name) => name.endsWith('.txt'));
      } catch {
        return [];
      }
    };
    await expect.poll(() => transcriptsNow().length, WAIT).toBeGreaterThan(0);
    const transcripts = transcriptsNow();
    expect(readFileSync(join(out, transcripts.sort().at(-1)!), 'utf8')).toMatch(/kiosk/i);
  });

  it('captures a finger on the simulated reader and shows its image and quality', async () => {
    const citizen = await page.evaluate(async () => {
      const result = await window.kiosk!.dev!.citizens({ scenario: 'ok', limit: 1 });
      return result.ok ? result.value.citizens[0]!.run : null;
    });
    expect(citizen).not.toBeNull();
    await page.evaluate(async (run) => window.kiosk!.dev!.placeFinger({ run: run!, finger: 'right-index', quality: 85 }), citizen);
    await dialog.getByRole('button', { name: 'Capturar una huella' }).tap();
    await expect.poll(() => dialog.getByRole('img', { name: 'Imagen de la huella capturada' }).isVisible(), WAIT).toBe(true);
    expect(await dialog.getByText(/Calidad: \d+ de 100/).isVisible()).toBe(true);
    await page.evaluate(async () => window.kiosk!.dev!.liftFinger());
  });

  it('reads a card and shows its fields with the RUN, names, birth date and card number masked', async () => {
    const people = await page.evaluate(async () => {
      const result = await window.kiosk!.dev!.citizens({ scenario: 'ok', limit: 30 });
      return result.ok ? result.value.citizens.slice(2).map((c) => ({ run: c.run, name: c.name })) : [];
    });
    expect(people.length).toBeGreaterThan(10);
    const roleCard = dialog.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Lector de cédula', exact: true }) });
    await roleCard.getByRole('button', { name: 'Leer una cédula' }).tap();
    const fields = roleCard.getByText('N.º de documento');
    // A card presented before the test listens is not seen, and one left on the reader is reported once: each try is another card.
    const shown: typeof people = [];
    for (const person of people) {
      if (await fields.isVisible()) break;
      shown.push(person);
      await page.evaluate(async (run) => window.kiosk!.dev!.insertCard({ run, format: 'both' }), person.run);
      await sleep(300);
    }
    await expect.poll(() => fields.isVisible(), WAIT).toBe(true);
    const text = await roleCard.innerText();
    expect(text).toMatch(/\d{1,2}\.\d{3}\.\*\*\*-[\dK]/);
    expect(text).toMatch(/\*{6}[0-9A-Z]{3}/);
    expect(text).toMatch(/\d{4}-\*\*-\*\*/);
    for (const person of shown) {
      expect(text).not.toContain(person.run);
      for (const word of person.name.split(/\s+/).filter((w) => w.length > 2)) expect(text.toUpperCase()).not.toContain(word.toUpperCase());
    }
    expect(await axeViolations()).toEqual([]);
  });

  it(
    'assigns the byte-level fingerprint simulator on a pty and a TCP printer simulator (kioskctl simulate …), tests both, and a citizen enrolls on them',
    { timeout: 180_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-technician-'));
      const link = join(dir, 'fingerprint');
      const fingerprint = interactive(['simulate', 'fingerprint', '--link', link, '--baud', '921600']);
      const printer = interactive(['simulate', 'printer', '--port', '0', '--out', join(dir, 'receipts')]);
      try {
        expect(await fingerprint.next((line) => line.event === 'ready')).toMatchObject({ link });
        const { port } = (await printer.next((line) => line.event === 'ready')) as { port: number };

        const assign = async (role: string, assignment: string) => {
          await dialog.getByRole('button', { name: role, exact: true }).tap();
          // A bench keyboard types into the same field the on-screen keyboard does.
          await dialog.getByLabel('Conexión', { exact: true }).fill(assignment);
          await dialog.getByRole('button', { name: 'Guardar asignación' }).tap();
          await expect.poll(() => dialog.getByText('Guardado: el dispositivo ya está en uso con la nueva conexión.').isVisible(), WAIT).toBe(true);
        };
        const roleCard = (name: string) => dialog.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });

        await assign('Lector de huellas', `serial:${link}@921600`);
        await expect.poll(() => roleCard('Lector de huellas').innerText(), WAIT).toContain(`serial:${link}@921600`);
        await expect.poll(() => roleCard('Lector de huellas').getByText('Listo', { exact: true }).isVisible(), WAIT).toBe(true);
        const run = await page.evaluate(async () => {
          const result = await window.kiosk!.dev!.citizens({ scenario: 'ok', limit: 2 });
          return result.ok ? result.value.citizens[1]!.run : null;
        });
        fingerprint.send(`place ${run} right-index 85`);
        await fingerprint.next((line) => line.command === 'place');
        await roleCard('Lector de huellas').getByRole('button', { name: 'Capturar una huella' }).tap();
        await expect.poll(() => roleCard('Lector de huellas').getByRole('img', { name: 'Imagen de la huella capturada' }).isVisible(), WAIT).toBe(true);
        // The kiosk's own score of the image (the module gives none): a `good` placement scores what the session would send.
        const shown = await roleCard('Lector de huellas')
          .getByText(/^Calidad: \d+ de 100$/)
          .innerText();
        expect(Number(/\d+/.exec(shown)![0])).toBeGreaterThanOrEqual(KIOSK_MIN_QUALITY);

        await assign('Impresora de comprobantes', `tcp:127.0.0.1:${port}`);
        await expect.poll(() => roleCard('Impresora de comprobantes').getByText('Listo', { exact: true }).isVisible(), WAIT).toBe(true);
        await roleCard('Impresora de comprobantes').getByRole('button', { name: 'Imprimir comprobante de prueba' }).tap();
        await expect
          .poll(
            () =>
              roleCard('Impresora de comprobantes')
                .getByText(/Comprobante de prueba impreso/)
                .isVisible(),
            WAIT,
          )
          .toBe(true);
        expect(await printer.next((line) => line.event === 'printed')).toMatchObject({ job: 1 });

        // A port that is not there is refused by the probe, with what to do; nothing else changes.
        await assign('Lector de cédula', join(dir, 'no-such-port').replace(/^/, 'serial:'));
        await roleCard('Lector de cédula').getByRole('button', { name: 'Probar conexión' }).tap();
        await expect.poll(() => roleCard('Lector de cédula').getByText('Falla').isVisible(), WAIT).toBe(true);
        await expect.poll(() => roleCard('Lector de cédula').getByText('Qué hacer:').isVisible(), WAIT).toBe(true);
        // Back to the simulated reader for the citizen's flow.
        await assign('Lector de cédula', 'simulated');

        // A citizen enrolls on the new assignments: the R30x simulator on the pty reads the finger
        // (still on its glass), central verifies it, and the receipt comes out of the TCP printer.
        await dialog.getByRole('button', { name: 'Salir' }).tap();
        await expect.poll(() => dialog.count(), WAIT).toBe(0);
        const end = await page.evaluate(async (citizenRun) => {
          const kiosk = window.kiosk!;
          const steps: string[] = [];
          const done = new Promise<string>((resolve) => {
            kiosk.session.onSnapshot((snapshot) => {
              steps.push(snapshot.step);
              if (['code-printed', 'code-on-screen', 'failed'].includes(snapshot.step))
                resolve(`${snapshot.step}${snapshot.failure ? `:${snapshot.failure}` : ''}`);
            });
          });
          await kiosk.session.start({ language: 'es-CL' });
          await kiosk.session.send({ type: 'continue' });
          await kiosk.session.send({ type: 'consent.accept' });
          await kiosk.dev!.insertCard({ run: citizenRun!, format: 'both' });
          return done;
        }, run);
        expect(end).toBe('code-printed');
        expect(await printer.next((line) => line.event === 'printed' && line.job === 2)).toMatchObject({ job: 2 });
        await page.evaluate(() => window.kiosk!.session.send({ type: 'finish' }));

        // Back in technician mode, the printer and the fingerprint reader go back to the simulated ones: with the
        // R30x simulator gone, its reader would be unplugged, and a kiosk with a failed reader is out of service.
        await enterWith(NEW_PIN);
        await dialog.getByRole('button', { name: 'Dispositivos', exact: true }).first().tap();
        await assign('Impresora de comprobantes', 'simulated');
        await assign('Lector de huellas', 'simulated');
      } finally {
        fingerprint.send('quit');
        printer.send('quit');
        await Promise.all([exited(fingerprint.child), exited(printer.child)]).catch(() => undefined);
        await killIfRunning(fingerprint.child);
        await killIfRunning(printer.child);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('leaves, and the citizen welcome screen works afterwards', async () => {
    await dialog.getByRole('button', { name: 'Salir' }).tap();
    await expect.poll(() => dialog.count(), WAIT).toBe(0);
    await welcomeScreenWorks();
  });

  it('never opens for random touches on the welcome screen (300, seeded, some of them long presses in the corner)', { timeout: 180_000 }, async () => {
    await page.evaluate(() => {
      const seen = { technician: false };
      (window as unknown as { technicianSeen: typeof seen }).technicianSeen = seen;
      new MutationObserver(() => {
        if (document.getElementById('technician-title') !== null) seen.technician = true;
      }).observe(document.body, { subtree: true, childList: true });
    });
    const random = seeded(20_260_302);
    for (let i = 0; i < 300; i++) {
      // A citizen may lean on the corner; every 30th touch is a 3.2 s press there, the rest land anywhere.
      const longPress = i % 30 === 29;
      const point: [number, number] = longPress ? [5 + random() * 90, 5 + random() * 90] : [random() * WIDTH, random() * HEIGHT];
      await touch(cdp, point, longPress ? 3200 : random() < 0.2 ? 50 + random() * 400 : 0);
    }
    expect(await page.evaluate(() => (window as unknown as { technicianSeen: { technician: boolean } }).technicianSeen.technician)).toBe(false);
    expect(await dialog.count()).toBe(0);
    // Random touches may have started a session; leave the kiosk on its welcome screen for what follows.
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            const snapshot = await window.kiosk!.session.snapshot();
            if (snapshot.ok && snapshot.value.step !== 'idle') await window.kiosk!.session.cancel();
            return snapshot.ok ? snapshot.value.step : 'unknown';
          }),
        WAIT,
      )
      .toBe('idle');
    // They may also have reached the developer panel and unplugged a reader or taken central offline, which now puts
    // the kiosk out of service (no Comenzar): put back what the panel can break.
    await page.evaluate(async () => {
      const dev = window.kiosk!.dev!;
      await dev.replug({ role: 'cardReader' });
      await dev.replug({ role: 'fingerprint' });
      await dev.centralOutage({ on: false });
    });
    await page.evaluate(async () => window.kiosk!.technician.status()).then((status) => expect(status).toMatchObject({ ok: true, value: { state: 'pin' } }));
  });

  it('locks after 5 wrong PINs and shows the countdown; the welcome screen still works', async () => {
    // Random touches may have left another language, larger text or a dialog open: a fresh page starts from the defaults.
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Comenzar' }).isVisible(), WAIT).toBe(true);
    await technicianGesture(cdp);
    await expect.poll(() => dialog.getByRole('heading', { name: 'PIN de técnico' }).isVisible(), WAIT).toBe(true);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await typePin('000001');
      await dialog.getByRole('button', { name: 'Entrar' }).tap();
      if (attempt < 5)
        await expect
          .poll(() => dialog.getByText(`${attempt === 4 ? 'Queda 1 intento' : `Quedan ${5 - attempt} intentos`} antes del bloqueo.`).isVisible(), WAIT)
          .toBe(true);
    }
    await expect.poll(() => dialog.getByRole('heading', { name: 'Modo técnico bloqueado' }).isVisible(), WAIT).toBe(true);
    const timer = dialog.getByRole('timer', { name: 'Tiempo restante' });
    await expect.poll(() => timer.innerText(), WAIT).toMatch(/^1[45]:\d\d$/);
    expect(await dialog.getByText(/Podrás intentarlo de nuevo en 1[45]:\d\d\./).isVisible()).toBe(true);
    expect(await axeViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancelar' }).tap();
    await expect.poll(() => dialog.count(), WAIT).toBe(0);
    await welcomeScreenWorks();
  });
});
