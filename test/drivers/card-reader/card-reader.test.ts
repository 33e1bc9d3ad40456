import { describe, expect, it } from 'vitest';
import { kioskToday } from '../../../drivers/card-reader/card-reader.ts';
import { unescape } from '../../../drivers/card-reader/card-reader-simulator.ts';

describe('kioskToday', () => {
  it('is the civil date in Santiago, not in UTC', () => {
    // 02:00 UTC on 1 Nov is still 31 Oct in Chile (UTC-3 in summer time).
    expect(kioskToday(new Date('2026-11-01T02:00:00Z'))).toBe('2026-10-31');
    expect(kioskToday(new Date('2026-11-01T12:00:00Z'))).toBe('2026-11-01');
  });
});

describe('the simulator control escapes', () => {
  it('turns \\r \\n \\t \\\\ and \\xHH into the bytes a technician cannot type', () => {
    expect(unescape('\\x02A\\r\\nB\\t\\\\\\x03')).toBe('\x02A\r\nB\t\\\x03');
    expect(unescape('no escapes, \\q stays')).toBe('no escapes, \\q stays');
  });
});
