import { describe, expect, it } from 'vitest';
import { ResettablePool } from './citizen-pool.ts';

describe('ResettablePool', () => {
  it('resets a citizen when their session ends, so they come round fresh while central is down', async () => {
    const pool = new ResettablePool(['1-9', '2-7']);
    let boundary = 10;
    const up = async () => boundary++;
    const down = async () => null;
    const a = await pool.next(up);
    expect(a).toEqual({ run: '1-9', epoch: 0 });
    await pool.release('1-9', up);
    const b = await pool.next(down);
    expect(b).toEqual({ run: '2-7', epoch: 0 });
    // '2-7' was not released (central was down when the session ended): only '1-9' can enrol while central is down.
    await pool.release('2-7', down);
    expect(await pool.next(down)).toEqual({ run: '1-9', epoch: 10 });
    // Nobody is left who needs no reset.
    expect(await pool.next(down)).toBeNull();
    // Central back: '2-7' is reset on the way.
    expect(await pool.next(up)).toEqual({ run: '2-7', epoch: 11 });
    expect(pool.resets).toEqual([
      { run: '1-9', auditBoundary: 10 },
      { run: '2-7', auditBoundary: 11 },
    ]);
  });

  it('puts a spare in a retired citizen’s place, and never offers the retired one again', async () => {
    const pool = new ResettablePool(['1-9', '2-7'], ['3-5']);
    let boundary = 1;
    const up = async () => boundary++;
    expect((await pool.next(up))?.run).toBe('1-9');
    pool.retire('1-9');
    const seen = [];
    for (let i = 0; i < 4; i++) {
      const next = await pool.next(up);
      seen.push(next?.run);
      await pool.release(next!.run, up);
    }
    expect(seen).toEqual(['2-7', '3-5', '2-7', '3-5']);
  });
});
