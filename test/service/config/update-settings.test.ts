import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_CONFIG, ServiceConfigSchema } from '../../../electron/service/config/service-config.ts';

const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

function withUpdates(updates: unknown) {
  return ServiceConfigSchema.safeParse({ ...DEFAULT_SERVICE_CONFIG, updates });
}

function refusedField(updates: unknown): string | null {
  const parsed = withUpdates(updates);
  return parsed.success ? null : (parsed.error.issues[0]?.path.join('.') ?? '');
}

describe('the updates block of the kiosk configuration', () => {
  it('defaults to a 03:00-05:00 window, 10 quiet minutes, and no key (no self-update)', () => {
    expect(DEFAULT_SERVICE_CONFIG.updates).toEqual({ window: '03:00-05:00', quietMinutes: 10 });
  });

  it('takes an https URL, a window across midnight and a P-256 release key', () => {
    const parsed = withUpdates({ url: 'https://updates.example.invalid/kiosk/', window: '23:30-01:30', quietMinutes: 5, publicKey: p256 });
    expect(parsed.success).toBe(true);
  });

  it.each([
    [{ url: 'http://updates.example.invalid/' }, 'updates.url'],
    [{ window: '3:00-5:00' }, 'updates.window'],
    [{ window: '04:00-04:00' }, 'updates.window'],
    [{ window: '24:00-01:00' }, 'updates.window'],
    [{ quietMinutes: 0 }, 'updates.quietMinutes'],
    [{ publicKey: rsa }, 'updates.publicKey'],
    [{ publicKey: 'not a key' }, 'updates.publicKey'],
    [{ channel: 'beta' }, 'updates'],
  ])('refuses %j, naming the field', (updates, field) => {
    expect(refusedField(updates)).toBe(field);
  });
});
