import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { StoreApi } from 'zustand';
import { sessionStore } from '../../../renderer/store/session-store.ts';
import { uiStore } from '../../../renderer/store/ui-store.ts';
import { LANGUAGES } from '../../../electron/contract/app.ts';
import { withBaud } from '../../../renderer/technician/assignment-text.ts';
import { greyToRgba } from '../../../renderer/technician/finger-image.ts';
import { CATALOGUES } from '../../../renderer/i18n/catalogues.ts';
import { countdownText, pinComplete, pinDots, pressPinKey, secondsLeft } from '../../../renderer/technician/pin-entry.ts';
import { PinPad } from '../../../renderer/technician/PinPad.tsx';
import { ChangePinView, LockedView, NotSetUpView, PinEntryView, SET_PIN_COMMAND } from '../../../renderer/technician/PinScreens.tsx';
import { CheckLineView, FailureView } from '../../../renderer/technician/Outcomes.tsx';
import { fakeKiosk } from '../fake-kiosk.ts';
import { strictI18n } from '../support/strict-i18n.ts';

describe('the PIN pad model', () => {
  it('takes digits up to 12, deletes the last, clears all', () => {
    let pin = '';
    for (const digit of '4801594801599') pin = pressPinKey(pin, { kind: 'digit', digit });
    expect(pin).toBe('480159480159');
    expect(pressPinKey(pin, { kind: 'backspace' })).toBe('48015948015');
    expect(pressPinKey(pin, { kind: 'clear' })).toBe('');
    expect(pressPinKey('', { kind: 'backspace' })).toBe('');
    expect(pressPinKey('12', { kind: 'digit', digit: 'x' })).toBe('12');
  });

  it('only ever holds digits, never more than 12, whatever is pressed', () => {
    const key = fc.oneof(
      fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', '', '10').map((digit) => ({ kind: 'digit' as const, digit })),
      fc.constant({ kind: 'backspace' as const }),
      fc.constant({ kind: 'clear' as const }),
    );
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), (keys) => {
        const pin = keys.reduce((current, k) => pressPinKey(current, k), '');
        expect(pin).toMatch(/^\d{0,12}$/);
      }),
      { seed: 3 },
    );
  });

  it('is complete from 6 to 12 digits, and shows one dot per digit', () => {
    expect(pinComplete('12345')).toBe(false);
    expect(pinComplete('123456')).toBe(true);
    expect(pinDots('4801')).toBe('••••');
  });

  it('counts a lockout down in mm:ss from when it was fetched, never below zero', () => {
    expect(countdownText(900)).toBe('15:00');
    expect(countdownText(61)).toBe('01:01');
    expect(countdownText(-3)).toBe('00:00');
    expect(secondsLeft(900, 1500)).toBe(899);
    expect(secondsLeft(2, 5000)).toBe(0);
  });
});

describe('technician screen helpers', () => {
  it('sets the speed of a serial or HID assignment, and leaves others alone', () => {
    expect(withBaud('serial:/dev/ttyUSB0', 57600)).toBe('serial:/dev/ttyUSB0@57600');
    expect(withBaud('serial:/dev/ttyUSB0@9600', 57600)).toBe('serial:/dev/ttyUSB0@57600');
    expect(withBaud('hid:10c4:ea80', 57600)).toBe('hid:10c4:ea80@57600');
    expect(withBaud('tcp:192.0.2.10:9100', 9600)).toBe('tcp:192.0.2.10:9100');
  });

  it('turns an 8-bit grey image into canvas RGBA, and refuses bytes that do not make the image', () => {
    const rgba = greyToRgba(btoa(String.fromCharCode(0, 128, 255, 17)), 2, 2);
    expect(rgba === null ? null : [...rgba]).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 17, 17, 17, 255]);
    expect(greyToRgba(btoa('abc'), 2, 2)).toBeNull();
    expect(greyToRgba('***', 1, 1)).toBeNull();
  });
});

describe('the PIN screens, rendered', () => {
  const strict = strictI18n();
  const { i18n, missing } = strict;
  beforeAll(async () => {
    await strict.init();
    // Server rendering reads zustand through getInitialState; the screens' language is the attract screen's (ui store).
    for (const store of [uiStore, sessionStore] as StoreApi<unknown>[]) store.getInitialState = store.getState;
  });
  const render = <P extends object>(component: FunctionComponent<P>, props: P) =>
    renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(component, props)));
  const { kiosk } = fakeKiosk({});
  const status = {
    state: 'pin' as const,
    attemptsLeft: 3,
    lockedUntil: null,
    lockoutSecondsLeft: null,
    expiresAt: null,
    restartPending: false,
    simulatedDevices: true,
  };

  it('has a real button for each digit, named by it, and for delete and clear', () => {
    const html = render(PinPad, { pin: '4801', onKey: () => {}, submitLabel: 'Entrar', onSubmit: () => {} });
    for (const digit of '0123456789') expect(html).toContain(`<button type="button" class="pin-key">${digit}</button>`);
    expect(html).toContain('>Borrar</button>');
    expect(html).toContain('>Borrar todo</button>');
    expect(html).toContain('role="group" aria-label="Teclado numérico"');
    // Four digits typed: dots and a count, never the digits.
    expect(html).toContain('••••');
    expect(html).toContain('4 dígitos escritos');
    expect(html).not.toContain('4801');
    // Under 6 digits the PIN cannot be sent.
    expect(html).toMatch(/<button type="button" class="primary-button pin-submit" disabled="">Entrar<\/button>/);
    expect(missing).toEqual([]);
  });

  it('says how many attempts are left, and counts a lockout down', () => {
    expect(render(PinEntryView, { technician: kiosk.technician, status, onStatus: () => {}, refresh: () => {} })).toContain(
      'Quedan 3 intentos antes del bloqueo.',
    );
    const locked = render(LockedView, {
      technician: kiosk.technician,
      status: { ...status, state: 'locked' as const, attemptsLeft: 0, lockoutSecondsLeft: 900, lockedUntil: '2026-03-02T12:15:00.000Z' },
      onStatus: () => {},
      refresh: () => {},
    });
    expect(locked).toContain('Modo técnico bloqueado');
    expect(locked).toContain('role="timer" aria-label="Tiempo restante">15:00</p>');
    expect(missing).toEqual([]);
  });

  it('on a kiosk without a PIN, offers no PIN pad: it says how to set technician mode up on the console, in every language', () => {
    for (const language of LANGUAGES) {
      uiStore.setState({ language });
      const words = CATALOGUES[language].technician.pin;
      const html = render(NotSetUpView, {});
      expect(html).toContain(words.notSetUpTitle);
      expect(html).toContain(words.notSetUpHow);
      expect(html).toContain(`<code class="tech-mono">${SET_PIN_COMMAND}</code>`);
      expect(SET_PIN_COMMAND).toBe('kioskctl technician set-pin');
      expect(html).not.toContain('pin-key');
    }
    uiStore.setState({ language: 'es-CL' });
    expect(missing).toEqual([]);
  });

  it('changes the PIN starting from the PIN in use', () => {
    const html = render(ChangePinView, { technician: kiosk.technician });
    expect(html).toContain('Cambiar el PIN de técnico');
    expect(html).toContain('Escribe el PIN actual.');
    expect(html).toContain('>Siguiente</button>');
    expect(missing).toEqual([]);
  });

  it('shows what failed and what to do, and names selftest checks, in every language', async () => {
    for (const language of LANGUAGES) {
      uiStore.setState({ language });
      const words = CATALOGUES[language].technician;
      const failure = render(FailureView, {
        failure: {
          outcome: 'fail' as const,
          code: 'printer.paper_out',
          message: { key: 'deviceFailed', params: { role: 'printer', device: 'tcp:192.0.2.10:9100', detail: 'paper out' } },
          advice: { key: 'loadPaper', params: { role: 'printer' } },
        },
      });
      // The service's keys in the screen's language, the role named as the catalogue names it, never kioskctl's English.
      expect(failure).toContain(words.maintenance.advice.loadPaper);
      expect(failure).toContain(
        words.maintenance.messages.deviceFailed
          .replace('{{role}}', words.roles.printer)
          .replace('{{device}}', 'tcp:192.0.2.10:9100')
          .replace('{{detail}}', 'paper out'),
      );
      expect(failure).toContain('printer.paper_out');
      expect(failure).not.toContain('kioskctl');
      const line = renderToStaticMarkup(
        createElement(
          I18nextProvider,
          { i18n },
          createElement(
            'ul',
            null,
            createElement(CheckLineView, {
              line: {
                check: 'device.printer',
                status: 'fail',
                message: { key: 'printerNoAnswer', params: { device: 'file:/dev/usb/lp0' } },
                advice: { key: 'printerCheck', params: {} },
              },
            }),
          ),
        ),
      );
      expect(line).toContain(words.health.checks.devicePrinter);
      expect(line).toContain(words.maintenance.messages.printerNoAnswer.replace('{{device}}', 'file:/dev/usb/lp0'));
      expect(line).toContain(words.maintenance.advice.printerCheck);
    }
    uiStore.setState({ language: 'es-CL' });
    expect(missing).toEqual([]);
  });
});
