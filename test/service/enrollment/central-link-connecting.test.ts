import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskCentralLink } from '../../../electron/service/central/central-link.ts';
import { createLogger } from '../../../common/log.ts';
import { citizenWith } from '../../central/domain/support.ts';
import { removeTempDirs, type Sandbox, startSandbox, tempDir } from './support.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
  removeTempDirs();
});

function newLink(kioskId: string, options: { registrationToken?: string; centralUrl?: string } = {}) {
  return new KioskCentralLink({
    dataDir: tempDir('kiosk-link-'),
    centralUrl: options.centralUrl ?? sandbox.server.url,
    caCertificatePem: sandbox.server.pki.ca.pem,
    kioskId,
    ...(options.registrationToken !== undefined && { registrationToken: options.registrationToken }),
    operationTimeoutMs: 20_000,
    log: createLogger(() => undefined, 'service'),
    retryMinMs: 60_000,
  });
}

describe('the central link while it connects', () => {
  it('lets a call made during the first connection (registration included) wait for it and go through', async () => {
    const kioskId = `link-connecting-${process.pid}`;
    const { token } = sandbox.server.authority.issueRegistrationToken(kioskId);
    const link = newLink(kioskId, { registrationToken: token });
    try {
      const central = link.enrollment();
      expect(central).not.toBeNull();
      const citizen = citizenWith('ok', 3);
      const fingers = await central!.enrolledFingers(
        { run: citizen.run.formatted, cardSerial: citizen.serial, cardExpiry: citizen.expiryDate },
        { idempotencyKey: randomUUID(), signal: new AbortController().signal },
      );
      expect(fingers).not.toBeNull();
      expect(fingers!.length).toBeGreaterThan(0);
      expect(link.enrollment()).not.toBeNull();
    } finally {
      await link.close();
    }
  });

  it('answers unavailable once the attempt has failed, and null while no attempt is under way', async () => {
    // No registration token and no stored certificate: the attempt fails, and the next one is a minute away.
    const link = newLink(`link-unregistered-${process.pid}`);
    try {
      const central = link.enrollment();
      expect(central).not.toBeNull();
      const outcome = await central!.issueActivationCode(
        { verificationToken: 'x'.repeat(43), run: '12.345.678-5' },
        { idempotencyKey: randomUUID(), signal: new AbortController().signal },
      );
      expect(outcome).toEqual({ kind: 'failed', failure: 'central_unavailable' });
      await link.whenSettled();
      expect(link.enrollment()).toBeNull();
    } finally {
      await link.close();
    }
  });

  it('stops waiting when the caller gives up', async () => {
    const kioskId = `link-abandoned-${process.pid}`;
    const { token } = sandbox.server.authority.issueRegistrationToken(kioskId);
    const link = newLink(kioskId, { registrationToken: token });
    try {
      const abandoned = new AbortController();
      abandoned.abort();
      const outcome = await link
        .enrollment()!
        .verifyIdentity({ run: '12.345.678-5', finger: 'right-index', fingerImage: 'AAAA' }, { idempotencyKey: randomUUID(), signal: abandoned.signal });
      expect(outcome).toEqual({ kind: 'unavailable' });
    } finally {
      await link.close();
    }
  });
});
