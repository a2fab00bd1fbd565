import { describe, expect, it } from 'vitest';
import { liveAddress } from '../../src/cli/live-option.ts';
import { InputError } from '../../src/core/input-error.ts';

/** The live view's command-line options: --port and --host need --live; values are checked. */
describe('liveAddress', () => {
  it('is null without --live, loopback and a free port by default', () => {
    expect(liveAddress({})).toBeNull();
    expect(liveAddress({ live: true })).toEqual({ port: 0, host: '127.0.0.1' });
    expect(liveAddress({ live: true, port: '8123', host: '0.0.0.0' })).toEqual({ port: 8123, host: '0.0.0.0' });
  });

  it('refuses --port or --host without --live, and bad values, naming the option', () => {
    const refusal = (flags: Parameters<typeof liveAddress>[0]) => {
      try {
        liveAddress(flags);
      } catch (e) {
        if (e instanceof InputError) return e.message;
        throw e;
      }
      return null;
    };
    expect(refusal({ port: '80' })).toBe("--port: is the live view's: add --live");
    expect(refusal({ host: '0.0.0.0' })).toBe("--host: is the live view's: add --live");
    expect(refusal({ live: true, port: '70000' })).toBe('--port: expected a port number from 0 to 65535, got 70000');
    expect(refusal({ live: true, port: 'x' })).toBe('--port: expected a whole number, got "x"');
    expect(refusal({ live: true, host: ' ' })).toBe('--host: expected an address such as 127.0.0.1 or 0.0.0.0, got an empty one');
  });
});
