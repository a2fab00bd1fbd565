import { describe, expect, it } from 'vitest';
import { originAllowed } from '../../src/live/live-server.ts';

/** Which Origins may open the live view's WebSocket. */
describe('originAllowed', () => {
  it('bound to loopback: loopback origins on the same port only', () => {
    for (const origin of ['http://127.0.0.1:4000', 'http://localhost:4000', 'http://[::1]:4000', undefined]) expect(originAllowed(origin, '127.0.0.1', 4000, 'evil.example:4000')).toBe(true);
    for (const origin of ['http://127.0.0.1:4001', 'http://evil.example:4000', 'https://127.0.0.1:4000', 'null']) expect(originAllowed(origin, '127.0.0.1', 4000, 'evil.example:4000')).toBe(false);
  });

  it('bound to another address: the address the request was sent to', () => {
    expect(originAllowed('http://192.168.1.5:4000', '0.0.0.0', 4000, '192.168.1.5:4000')).toBe(true);
    expect(originAllowed('http://evil.example', '0.0.0.0', 4000, '192.168.1.5:4000')).toBe(false);
    expect(originAllowed('http://localhost:4000', '0.0.0.0', 4000, '192.168.1.5:4000')).toBe(false);
  });
});
