import { describe, expect, it } from 'vitest';
import { serverPageHeaders } from '../../common/csp.ts';

const directives = (headers: Record<string, string>) =>
  new Map(headers['content-security-policy']!.split('; ').map((d) => [d.split(' ')[0], d.slice(d.indexOf(' ') + 1)]));

describe('serverPageHeaders', () => {
  it('allows a page nothing but its hashed style: no script, no fetch, no form', () => {
    const policy = directives(serverPageHeaders({ style: ["'sha256-abc='"] }));
    expect(policy.get('default-src')).toBe("'none'");
    expect(policy.get('style-src')).toBe("'sha256-abc='");
    expect(policy.has('script-src')).toBe(false);
    expect(policy.has('connect-src')).toBe(false);
    expect(policy.get('form-action')).toBe("'none'");
    expect(policy.get('base-uri')).toBe("'none'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
  });

  it('names the hashed script, where it may fetch and where forms may go, and nothing looser', () => {
    const headers = serverPageHeaders({ style: ["'sha256-s='"], script: ["'sha256-j='"], connect: ["'self'"], formAction: ["'self'", 'https://idp.example'] });
    const policy = directives(headers);
    expect(policy.get('script-src')).toBe("'sha256-j='");
    expect(policy.get('connect-src')).toBe("'self'");
    expect(policy.get('form-action')).toBe("'self' https://idp.example");
    expect(headers['content-security-policy']).not.toMatch(/unsafe-|\*/);
  });

  it('is never stored, sends no referrer and forbids MIME sniffing', () => {
    expect(serverPageHeaders({ style: [] })).toMatchObject({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
  });
});
