import { describe, expect, it } from 'vitest';
import { ResettablePool } from './citizen-pool.ts';

const never = () => false;

describe('ResettablePool', () => {
  it('resets a citizen when their session ends, so they come round fresh while central is down', async () => {
    const pool = new ResettablePool(['1-9', '2-7']);
    let boundary = 10;
    const up = async () => boundary++;
    const down = async () => null;
    const a = await pool.next(up, never);
    expect(a).toEqual({ run: '1-9', epoch: 0 });
    await pool.release('1-9', up);
    const b = await pool.next(down, never);
    expect(b).toEqual({ run: '2-7', epoch: 0 });
    // '2-7' was not released (central was down when the session ended): only '1-9' can enrol while central is down.
    await pool.release('2-7', down);
    expect(await pool.next(down, never)).toEqual({ run: '1-9', epoch: 10 });
    // Nobody is left who needs no reset.
    expect(await pool.next(down, never)).toBeNull();
    // Central back: '2-7' is reset on the way.
    expect(await pool.next(up, never)).toEqual({ run: '2-7', epoch: 11 });
    expect(pool.resets).toEqual([
      { run: '1-9', auditBoundary: 10 },
      { run: '2-7', auditBoundary: 11 },
    ]);
  });

  it('parks a deferred citizen until central has activated them, then resets them and takes them round again', async () => {
    const pool = new ResettablePool(['1-9', '2-7']);
    let boundary = 1;
    const up = async () => boundary++;
    const activatedAfter = new Map<string, number>();
    const settled = (run: string, epoch: number) => (activatedAfter.get(run) ?? -1) > epoch;
    expect((await pool.next(up, settled))?.run).toBe('1-9');
    pool.park('1-9');
    await pool.release('1-9', up); // no reset while parked: the queued enrolment may still land
    const seen = [];
    for (let i = 0; i < 2; i++) {
      const next = await pool.next(up, settled);
      seen.push(next?.run);
      await pool.release(next!.run, up);
    }
    expect(seen).toEqual(['2-7', '2-7']);
    // Central activates '1-9' from the deferred bundle (an audit row after their epoch 0): they come back, reset first.
    activatedAfter.set('1-9', 5);
    const back = await pool.next(up, settled);
    expect(back?.run).toBe('1-9');
    expect(pool.resets.at(-1)).toEqual({ run: '1-9', auditBoundary: back!.epoch });
  });

  it('offers nobody while everyone is parked', async () => {
    const pool = new ResettablePool(['1-9']);
    await pool.next(async () => 1, never);
    pool.park('1-9');
    expect(await pool.next(async () => 2, never)).toBeNull();
  });
});
