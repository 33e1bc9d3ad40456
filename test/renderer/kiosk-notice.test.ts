import { describe, expect, it } from 'vitest';
import { kioskNotice, noticeBlocksStart } from '../../renderer/screens/kiosk-notice.ts';

const READY = { readers: true, central: true, printer: true };

describe('kioskNotice', () => {
  it('says nothing when all is well', () => {
    expect(kioskNotice('civil-digital', READY)).toBeNull();
    expect(kioskNotice('chileatiende', READY)).toBeNull();
  });

  it('puts a failed reader first: out of service, nothing to start', () => {
    const notice = kioskNotice('civil-digital', { readers: false, central: false, printer: false });
    expect(notice).toBe('out-of-service');
    expect(noticeBlocksStart(notice)).toBe(true);
  });

  it('with central down: no codes in Civil Digital (no start), results later in ChileAtiende (may start)', () => {
    const down = { ...READY, central: false };
    expect(kioskNotice('civil-digital', down)).toBe('no-codes');
    expect(noticeBlocksStart('no-codes')).toBe(true);
    expect(kioskNotice('chileatiende', down)).toBe('results-later');
    expect(noticeBlocksStart('results-later')).toBe(false);
  });

  it('without a printer, Civil Digital shows the code on screen; ChileAtiende prints nothing anyway', () => {
    expect(kioskNotice('civil-digital', { ...READY, printer: false })).toBe('code-on-screen');
    expect(noticeBlocksStart('code-on-screen')).toBe(false);
    expect(kioskNotice('chileatiende', { ...READY, printer: false })).toBeNull();
  });
});
