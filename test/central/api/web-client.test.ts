import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { webClientId } from '../../../central/api/web-client.ts';

describe('webClientId', () => {
  it('is an IPv4 client by its address, written plainly or IPv4-mapped', () => {
    expect(webClientId('203.0.113.9')).toBe('web:203.0.113.9');
    expect(webClientId('::ffff:203.0.113.9')).toBe('web:203.0.113.9');
    expect(webClientId('::FFFF:203.0.113.9')).toBe('web:203.0.113.9');
  });

  it('is an IPv6 client by its /64, however the address is written', () => {
    expect(webClientId('2001:db8:1:2::1')).toBe('web:2001:db8:1:2::/64');
    expect(webClientId('2001:0DB8:0001:0002:ffff:eeee:dddd:cccc')).toBe('web:2001:db8:1:2::/64');
    expect(webClientId('fe80::1%eth0')).toBe('web:fe80:0:0:0::/64');
    expect(webClientId('::1')).toBe('web:0:0:0:0::/64');
    expect(webClientId('2001:db8::')).toBe('web:2001:db8:0:0::/64');
    expect(webClientId('2001:db8:1:2:3:4:1.2.3.4')).toBe('web:2001:db8:1:2::/64');
  });

  it('gives every address of one /64 the same id, and another /64 another one', () => {
    const group = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
    fc.assert(
      fc.property(
        fc.array(group, { minLength: 4, maxLength: 4 }),
        fc.array(group, { minLength: 4, maxLength: 4 }),
        fc.array(group, { minLength: 4, maxLength: 4 }),
        (prefix, a, b) => {
          expect(webClientId([...prefix, ...a].join(':'))).toBe(webClientId([...prefix, ...b].join(':')));
          const other = [...prefix.slice(0, 3), ((parseInt(prefix[3]!, 16) + 1) % 0x10000).toString(16)];
          expect(webClientId([...other, ...a].join(':'))).not.toBe(webClientId([...prefix, ...a].join(':')));
        },
      ),
    );
  });

  it('is web:unknown without an address or for something that is not one', () => {
    expect(webClientId(undefined)).toBe('web:unknown');
    expect(webClientId('not-an-address')).toBe('web:unknown');
  });
});
