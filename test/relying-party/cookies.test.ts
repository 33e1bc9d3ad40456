import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie } from '../../relying-party/cookies.ts';
import { requestUrl } from '../../relying-party/server.ts';

const token = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);

describe('cookies', () => {
  it('reads what it writes, among other cookies', () => {
    fc.assert(
      fc.property(token, token, fc.array(fc.tuple(token, token), { maxLength: 5 }), (name, value, others) => {
        const header = [...others.filter(([n]) => n !== name), [name, value]].map(([n, v]) => `${n}=${v}`).join('; ');
        expect(serializeCookie(name, value)).toBe(`${name}=${value}; Path=/; HttpOnly; SameSite=Lax`);
        expect(parseCookies(header).get(name)).toBe(value);
      }),
    );
  });

  it('keeps the first of two cookies with one name, and skips malformed pairs', () => {
    const cookies = parseCookies('rp_session=first; rp_session=second; =nameless; broken; bad name=1; quoted="q"');
    expect(cookies.get('rp_session')).toBe('first');
    expect(cookies.get('quoted')).toBe('q');
    expect([...cookies.keys()]).toEqual(['rp_session', 'quoted']);
  });

  it('never throws and stays bounded on any header', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 10_000 }), fc.anything()), (header) => {
        const cookies = parseCookies(header);
        expect(cookies.size).toBeLessThanOrEqual(64);
      }),
    );
    expect(parseCookies('a=1;'.repeat(5000)).size).toBe(0);
  });

  it('refuses to write a value that could smuggle attributes', () => {
    expect(() => serializeCookie('rp_session', 'x; Domain=evil')).toThrow(RangeError);
    expect(serializeCookie('rp_session', '', { maxAgeSeconds: 0 })).toContain('Max-Age=0');
  });
});

describe('request targets', () => {
  it('stay on the origin of the relying party, whatever the request line says', () => {
    expect(requestUrl('http://127.0.0.1:5180', '//other.example/callback?code=1').href).toBe('http://127.0.0.1:5180//other.example/callback?code=1');
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (target) => {
        expect(requestUrl('http://127.0.0.1:5180', target).origin).toBe('http://127.0.0.1:5180');
      }),
    );
  });
});
