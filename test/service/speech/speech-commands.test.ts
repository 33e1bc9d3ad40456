import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok } from '../../../electron/contract/index.ts';
import { DEFAULT_SERVICE_CONFIG } from '../../../electron/service/config/service-config.ts';
import { createKioskService } from '../../../electron/service/kiosk-service.ts';
import { createLogger } from '../../../common/log.ts';
import type { Speaker } from '../../../electron/service/speech/espeak-speaker.ts';

const NO_DEVICES = { fingerprint: { transport: 'none' }, cardReader: { transport: 'none' }, printer: { transport: 'none' } } as const;

function recordingSpeaker() {
  const said: Array<{ text: string; language: string }> = [];
  let closed = false;
  const speaker: Speaker = {
    status: async () => ({ available: true, reason: null, output: 'device', voices: { 'es-CL': 'es-419', en: 'en-us', ht: 'ht' } }),
    say: async (text, language) => {
      said.push({ text, language });
      return ok({ spoken: true });
    },
    stop: () => ({ stopped: said.length > 0 }),
    idle: async () => undefined,
    close: async () => {
      closed = true;
    },
  };
  return { speaker, said, closed: () => closed };
}

function service(speaker?: Speaker) {
  const lines: string[] = [];
  const created = createKioskService({
    config: { ...DEFAULT_SERVICE_CONFIG, devices: NO_DEVICES, dataDir: mkdtempSync(join(tmpdir(), 'kiosk-speech-service-')) },
    log: createLogger((line) => lines.push(line), 'test'),
    version: '1.2.3',
    ...(speaker === undefined ? {} : { speech: speaker }),
  });
  return { service: created, lines };
}

describe('speech commands in the service handler table', () => {
  it('hands speech.say to the speaker and relays status and stop', async () => {
    const fake = recordingSpeaker();
    const { service: s } = service(fake.speaker);
    expect(await s.handle('speech.say', { text: 'Lee tu cédula', language: 'es-CL' })).toEqual({ ok: true, value: { spoken: true } });
    expect(fake.said).toEqual([{ text: 'Lee tu cédula', language: 'es-CL' }]);
    expect(await s.handle('speech.stop', undefined)).toEqual({ ok: true, value: { stopped: true } });
    expect(await s.handle('speech.status', undefined)).toMatchObject({ ok: true, value: { available: true, voices: { ht: 'ht' } } });
    await s.close();
    expect(fake.closed()).toBe(true);
  });

  it.each([
    ['an empty text', { text: '', language: 'es-CL' }],
    ['a blank text', { text: '   ', language: 'es-CL' }],
    ['a text over 500 characters', { text: 'a'.repeat(501), language: 'es-CL' }],
    ['a control character', { text: 'Hola\u0000 -v xx', language: 'es-CL' }],
    ['a language the kiosk does not offer', { text: 'Bonjour', language: 'fr' }],
    ['an extra field', { text: 'Hola', language: 'es-CL', voice: 'es' }],
  ])('refuses %s before the speaker hears of it, and logs no text', async (_what, payload) => {
    const fake = recordingSpeaker();
    const { service: s, lines } = service(fake.speaker);
    expect(await s.handle('speech.say', payload)).toMatchObject({ ok: false, error: { code: 'contract.invalid_payload' } });
    expect(fake.said).toEqual([]);
    expect(lines.join('')).not.toContain('Hola');
    await s.close();
  });

  it('accepts exactly 500 characters', async () => {
    const fake = recordingSpeaker();
    const { service: s } = service(fake.speaker);
    expect(await s.handle('speech.say', { text: 'a'.repeat(500), language: 'en' })).toMatchObject({ ok: true });
    await s.close();
  });

  it('uses espeak-ng by default, with a voice for every citizen language', async () => {
    const { service: s } = service();
    expect(await s.handle('speech.status', undefined)).toMatchObject({ ok: true, value: { voices: { 'es-CL': 'es-419', en: 'en-us', ht: 'ht' } } });
    await s.close();
  });
});
