import { describe, expect, it } from 'vitest';
import { qrPath } from '../../renderer/components/qr-path.ts';

/** The dark modules back out of the path, as a set of "col,row". */
function darkModules(d: string): Set<string> {
  return new Set([...d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => `${m[1]},${m[2]}`));
}

describe('qrPath', () => {
  it('encodes an activation code in a version 1 symbol (21×21), large modules for a photo of a screen', () => {
    expect(qrPath('ABCD-EFGH-JKMN').size).toBe(21);
  });

  it('draws the three finder patterns (ISO/IEC 18004 §6.3.3)', () => {
    const dark = darkModules(qrPath('ABCD-EFGH-JKMN').d);
    for (const [col, row] of [
      [0, 0],
      [20, 0],
      [0, 20],
    ] as const) {
      const dx = col === 0 ? 1 : -1;
      const dy = row === 0 ? 1 : -1;
      // Outer ring dark, the ring inside it light, the 3×3 centre dark.
      expect(dark.has(`${col},${row}`)).toBe(true);
      expect(dark.has(`${col + dx},${row + dy}`)).toBe(false);
      expect(dark.has(`${col + 3 * dx},${row + 3 * dy}`)).toBe(true);
    }
  });

  it('is deterministic, so the QR never flickers between renders', () => {
    expect(qrPath('ABCD-EFGH-JKMN').d).toBe(qrPath('ABCD-EFGH-JKMN').d);
  });
});
