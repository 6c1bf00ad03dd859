import { describe, expect, it } from 'vitest';
import { GitopsError } from '../model/errors.js';
import { parseListen } from './listen.js';

describe('parseListen', () => {
  it.each([
    [undefined, undefined],
    [true, { host: '127.0.0.1', port: 9797 }],
    ['0', { host: '127.0.0.1', port: 0 }],
    ['8080', { host: '127.0.0.1', port: 8080 }],
    ['127.0.0.1:8080', { host: '127.0.0.1', port: 8080 }],
    ['localhost:9000', { host: '127.0.0.1', port: 9000 }],
  ] as const)('reads %s as %o', (value, expected) => {
    expect(parseListen(value)).toEqual(expected);
  });

  it.each([
    ['0.0.0.0:9797', 'listen-not-loopback'],
    ['192.168.1.10:9797', 'listen-not-loopback'],
    ['[::]:9797', 'listen-not-loopback'],
    [':9797', 'listen-not-loopback'],
    ['web', 'usage'],
    ['70000', 'usage'],
    ['-1', 'usage'],
    ['', 'usage'],
  ])('refuses %s (%s)', (value, code) => {
    expect(() => parseListen(value)).toThrow(GitopsError);
    try {
      parseListen(value);
    } catch (error) {
      expect((error as GitopsError).code).toBe(code);
    }
  });
});
