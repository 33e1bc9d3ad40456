import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy } from '../../../common/csp.ts';

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

describe('content security policy (electron-kiosk.md §1.2)', () => {
  it('allows only the app itself, and nothing to connect to by default (Electron talks over IPC)', () => {
    expect(Object.fromEntries(directives(buildContentSecurityPolicy()))).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data:",
      'font-src': "'self'",
      'connect-src': "'none'",
      'media-src': "'self'",
      'object-src': "'none'",
      'frame-src': "'none'",
      'worker-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
  });

  it('never contains unsafe-eval, unsafe-inline or a wildcard, whatever the connect sources', () => {
    for (const connectSrc of [[], ["'self'"], ['https://central.example.cl', 'wss://127.0.0.1:4443']]) {
      const policy = buildContentSecurityPolicy({ connectSrc });
      expect(policy).not.toMatch(/unsafe-|\*/);
    }
  });

  it("uses the connect sources it is given (the browser host passes 'self')", () => {
    expect(directives(buildContentSecurityPolicy({ connectSrc: ["'self'"] })).get('connect-src')).toBe("'self'");
    expect(directives(buildContentSecurityPolicy({ connectSrc: ["'self'", 'https://central.example.cl'] })).get('connect-src')).toBe(
      "'self' https://central.example.cl",
    );
  });

  it.each(["'unsafe-eval'", "'unsafe-inline'", '*', "'self'; script-src *", 'https://a.example https://b.example', 'https://a.example,https://b.example', ''])(
    'refuses the connect source %j instead of loosening the policy',
    (source) => {
      expect(() => buildContentSecurityPolicy({ connectSrc: [source] })).toThrow(RangeError);
    },
  );

  it("refuses 'none' mixed with other sources", () => {
    expect(() => buildContentSecurityPolicy({ connectSrc: ["'none'", "'self'"] })).toThrow(RangeError);
  });
});
