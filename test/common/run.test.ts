import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalRun, formatRun, formatRunInput, parseRun, readRun, runCheckDigit, RunParseError } from '../../common/run.ts';
import { runCheckDigit as syntheticRunCheckDigit } from '../../synthetic/citizens/index.ts';

const runNumber = fc.integer({ min: 1, max: 999_999_999 });

describe('readRun, the one RUN parser (reference §3.4)', () => {
  it.each(['15.234.871-1', '15234871-1', '152348711', ' 15 234 871 1 ', '015.234.871-1'])('reads %j', (text) => {
    expect(readRun(text)).toEqual({ ok: true, run: { number: 15234871, checkDigit: '1', formatted: '15.234.871-1' } });
  });

  it('upper-cases k, and gives the canonical form central stores', () => {
    const run = parseRun('7.775.735-k')!;
    expect(run.formatted).toBe('7.775.735-K');
    expect(canonicalRun(run)).toBe('7775735-K');
  });

  it.each([
    ['', 'empty'],
    [' .- ', 'empty'],
    ['K', 'malformed'],
    ['0-0', 'malformed'],
    ['12a45678-5', 'malformed'],
    ['1'.repeat(30), 'malformed'],
    ['15.234.871-2', 'check_digit'],
    ['7775735-0', 'check_digit'],
  ])('refuses %j with a typed error (%s)', (text, code) => {
    const read = readRun(text);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.error).toBeInstanceOf(RunParseError);
      expect(read.error.code).toBe(code);
    }
  });

  it('refuses garbage with a typed error, never a throw or another value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.anything()), (value) => {
        const read = readRun(value);
        if (read.ok) {
          expect(typeof value).toBe('string');
          expect(runCheckDigit(read.run.number)).toBe(read.run.checkDigit);
        } else {
          expect(read.error).toBeInstanceOf(RunParseError);
          expect(['empty', 'malformed', 'check_digit']).toContain(read.error.code);
        }
      }),
    );
  });

  it('round-trips: a formatted RUN, its canonical form and its bare digits all read back as the same RUN', () => {
    fc.assert(
      fc.property(runNumber, (n) => {
        const run = parseRun(formatRun(n, runCheckDigit(n)))!;
        expect(run.number).toBe(n);
        expect(parseRun(canonicalRun(run))).toEqual(run);
        expect(parseRun(`${n}${run.checkDigit.toLowerCase()}`)).toEqual(run);
        expect(parseRun(run.formatted)!.formatted).toBe(run.formatted);
      }),
    );
  });

  it('says check_digit for every wrong digit of a well-formed RUN', () => {
    fc.assert(
      fc.property(runNumber, fc.constantFrom(...'0123456789K'), (n, digit) => {
        fc.pre(digit !== runCheckDigit(n));
        const read = readRun(`${n}-${digit}`);
        expect(!read.ok && read.error.code).toBe('check_digit');
      }),
    );
  });

  it('agrees with the synthetic generator’s copy of the check digit', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 99_999_999 }), (n) => runCheckDigit(n) === syntheticRunCheckDigit(n)));
  });
});

describe('formatRunInput, what the RUT keypad shows while typing', () => {
  it.each([
    ['', ''],
    ['1', '1'],
    ['15', '1-5'],
    ['1523487', '152.348-7'],
    ['152348711', '15.234.871-1'],
    ['7775735k', '7.775.735-K'],
  ])('%j → %j', (typed, shown) => {
    expect(formatRunInput(typed)).toBe(shown);
  });

  it('what it shows reads back as what was typed', () => {
    fc.assert(
      fc.property(runNumber, (n) => {
        const typed = `${n}${runCheckDigit(n)}`;
        expect(parseRun(formatRunInput(typed))?.number).toBe(n);
        expect(formatRunInput(formatRunInput(typed))).toBe(formatRunInput(typed));
      }),
    );
  });
});
