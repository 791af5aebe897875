import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PanelError } from '../../errors/panel-error.ts';
import { addressesOf, endsAtTopAddress, formatIp, gethostbyname, networkSize, parseIp, parseNetwork } from './allocation-ip.ts';
import { checkCidrMask, expandPorts } from './allocation-ports.ts';

function failure(run: () => unknown): { status: number; code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof PanelError) return { status: error.status, code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a PanelError');
}

const v6Words = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 });
const wordsToBigInt = (words: number[]) => words.reduce((acc, w) => (acc << 16n) | BigInt(w), 0n);

describe('gethostbyname', () => {
  it('resolves localhost only, and leaves other names unchanged', () => {
    expect(gethostbyname('localhost')).toBe('127.0.0.1');
    expect(gethostbyname('LocalHost')).toBe('127.0.0.1');
    expect(gethostbyname('node.example.com')).toBe('node.example.com');
    expect(gethostbyname('10.0.0.0/27')).toBe('10.0.0.0/27');
    expect(gethostbyname('::1')).toBe('::1');
  });

  it('reads digit-and-dot names with inet_aton', () => {
    expect(gethostbyname('192.168.1.20')).toBe('192.168.1.20');
    expect(gethostbyname('127.1')).toBe('127.0.0.1');
    expect(gethostbyname('10.1.258')).toBe('10.1.1.2');
    expect(gethostbyname('010.0.0.1')).toBe('8.0.0.1');
    expect(gethostbyname('3232235777')).toBe('192.168.1.1');
    for (const unchanged of ['08.0.0.1', '1.2.3.4.5', '256.1.1.1', '4294967296', '1..2', '1.2.3.']) {
      expect(gethostbyname(unchanged)).toBe(unchanged);
    }
  });

  it('raises PHP warnings (500 ErrorException) for an over-long name or a NUL byte', () => {
    expect(failure(() => gethostbyname('a'.repeat(256)))).toMatchObject({ status: 500, code: 'ErrorException' });
    expect(gethostbyname('a'.repeat(255))).toBe('a'.repeat(255));
    expect(failure(() => gethostbyname('a\0b')).code).toBe('ErrorException');
  });
});

describe('IP::parse and inet_ntop', () => {
  it('reads the forms the library knows', () => {
    expect(formatIp(parseIp('0x0a000001'))).toBe('10.0.0.1');
    expect(formatIp(parseIp('0b' + '1'.repeat(8) + '0'.repeat(24)))).toBe('255.0.0.0');
    expect(formatIp(parseIp('167772161'))).toBe('10.0.0.1');
    expect(formatIp(parseIp('-1'))).toBe('255.255.255.255');
    expect(formatIp(parseIp('1.5'))).toBe('0.0.0.1');
    expect(formatIp(parseIp('0x20010db8000000000000000000000001'))).toBe('2001:db8::1');
    expect(formatIp(parseIp('::FFFF:10.0.0.1'))).toBe('::ffff:10.0.0.1');
    expect(formatIp(parseIp('::10.0.0.1'))).toBe('::10.0.0.1');
    expect(formatIp(parseIp('1:0:0:1:0:0:0:1'))).toBe('1:0:0:1::1');
    expect(formatIp(parseIp('1:0:0:0:1:0:0:1'))).toBe('1::1:0:0:1');
    expect(formatIp(parseIp('1:0:2:3:4:5:6:7'))).toBe('1:0:2:3:4:5:6:7');
    expect(formatIp(parseIp('::'))).toBe('::');
    expect(formatIp(parseIp('fe80::'))).toBe('fe80::');
  });

  it('refuses what filter_var refuses, with the library messages', () => {
    for (const bad of ['01.2.3.4', '1.2.3', '300.1.1.1', 'fe80::1%eth0', 'example', '1.2.3.4 ']) {
      expect(failure(() => parseIp(bad))).toEqual({ status: 500, code: 'Exception', message: 'Invalid IP address format' });
    }
    expect(failure(() => parseIp('0x123')).message).toBe('Invalid hexadecimal IP address format');
    expect(failure(() => parseIp('0b101')).message).toBe('Invalid binary IP address format');
    expect(failure(() => parseIp('99999999999999999999')).code).toBe('ErrorException');
  });

  it('round-trips every IPv4 address', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const text = formatIp({ version: 4, value: BigInt(n) });
        expect(parseIp(text)).toEqual({ version: 4, value: BigInt(n) });
      }),
    );
  });

  it('round-trips every IPv6 address and prints it as the URL standard does (outside the dotted IPv4 forms)', () => {
    fc.assert(
      fc.property(v6Words, (words) => {
        const value = wordsToBigInt(words);
        const text = formatIp({ version: 6, value });
        expect(parseIp(text)).toEqual({ version: 6, value });
        const dotted = words.slice(0, 5).every((w) => w === 0) && (words[5] === 0 || words[5] === 0xffff) && text.includes('.');
        if (!dotted) expect(text).toBe(new URL(`http://[${text}]/`).hostname.slice(1, -1));
      }),
      { numRuns: 500 },
    );
  });
});

describe('Network::parse', () => {
  it('applies a prefix or a netmask to find the network and broadcast', () => {
    expect([...addressesOf(parseNetwork('192.0.2.77/30'))]).toEqual(['192.0.2.76', '192.0.2.77', '192.0.2.78', '192.0.2.79']);
    expect(networkSize(parseNetwork('192.0.2.0 255.255.255.0'))).toBe(256n);
    expect(networkSize(parseNetwork('192.0.2.9'))).toBe(1n);
    expect(networkSize(parseNetwork('2001:db8::/32'))).toBe(1n << 96n);
    expect(endsAtTopAddress(parseNetwork('255.255.255.224/27'))).toBe(true);
    expect(endsAtTopAddress(parseNetwork('255.255.255.0/27'))).toBe(false);
  });

  it('refuses a bad netmask or mixed versions', () => {
    expect(failure(() => parseNetwork('10.0.0.0 255.0.255.0')).message).toBe('Invalid Netmask address format');
    expect(failure(() => parseNetwork('10.0.0.0 ffff::')).message).toBe('Netmask version is not same as IP version');
    expect(failure(() => parseNetwork('10.0.0.0/28/2')).message).toBe('Invalid IP address format');
  });
});

describe('ports and the CIDR mask', () => {
  it('checks the text after the first slash', () => {
    for (const ok of ['10.0.0.0', '10.0.0.0/27', '10.0.0.0/32', '10.0.0.0/0028', 'x/28/2']) expect(() => checkCidrMask(ok)).not.toThrow();
    for (const bad of ['10.0.0.0/26', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/2a', '10.0.0.0/-28']) {
      expect(failure(() => checkCidrMask(bad)).code).toBe('CidrOutOfRangeException');
    }
  });

  it('expands a downward range as PHP range() does, bounding only its ends', () => {
    const ports = expandPorts(['1100-1000']);
    expect(ports).toHaveLength(101);
    expect(ports[0]).toBe(1100);
    expect(ports[100]).toBe(1000);
  });

  it('counts a range of exactly 1000 ports as allowed and 1001 as too many', () => {
    expect(expandPorts(['30000-30999'])).toHaveLength(1000);
    expect(failure(() => expandPorts(['30000-31000'])).code).toBe('TooManyPortsInRangeException');
  });
});
