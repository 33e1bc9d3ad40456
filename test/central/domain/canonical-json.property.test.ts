/**
 * canonicalJson hashes request bodies for idempotency. It walks the value
 * recursively, so it is bounded: a value nested deeper than
 * CANONICAL_JSON_MAX_DEPTH (or a cycle) is a typed error, not a stack
 * overflow, whatever reaches it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CANONICAL_JSON_MAX_DEPTH, CanonicalJsonTooDeep, canonicalJson } from '../../../central/domain/index.ts';

/** `inner` wrapped in `levels` arrays or objects, chosen by `shape`. */
function nest(inner: unknown, levels: number, shape: readonly boolean[]): unknown {
  let value = inner;
  for (let i = 0; i < levels; i++) value = shape[i % shape.length] ? [value] : { k: value };
  return value;
}

/** The same value with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .reverse()
        .map((k) => [k, reversedKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

const jsonValues = fc.jsonValue({ maxDepth: 8 });
const shapes = fc.array(fc.boolean(), { minLength: 1, maxLength: 5 });

describe('canonicalJson', () => {
  it('is JSON that parses back to the same value, whatever the key order', () => {
    fc.assert(
      fc.property(jsonValues, (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(reversedKeys(value))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts any value nested up to the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: CANONICAL_JSON_MAX_DEPTH }), shapes, fc.oneof(fc.integer(), fc.string()), (levels, shape, leaf) => {
        expect(() => canonicalJson(nest(leaf, levels, shape))).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it('refuses any value nested deeper than the limit with CanonicalJsonTooDeep', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: CANONICAL_JSON_MAX_DEPTH + 1, max: 20_000 }),
        shapes,
        fc.oneof(fc.integer(), fc.constant([]), fc.constant({})),
        (levels, shape, leaf) => {
          // An empty array or object leaf is one more level than a scalar.
          const depth = levels + (typeof leaf === 'object' ? 1 : 0);
          expect(depth).toBeGreaterThan(CANONICAL_JSON_MAX_DEPTH);
          expect(() => canonicalJson(nest(leaf, levels, shape))).toThrow(CanonicalJsonTooDeep);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses a nesting far past the stack (100,000 levels) and a cycle with the same typed error', () => {
    expect(() => canonicalJson(nest(1, 100_000, [true, false]))).toThrow(CanonicalJsonTooDeep);
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    const error = (() => {
      try {
        canonicalJson(cycle);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(CanonicalJsonTooDeep);
    expect(error).toMatchObject({ code: 'idempotency.body_too_deep', maxDepth: CANONICAL_JSON_MAX_DEPTH });
  });
});
