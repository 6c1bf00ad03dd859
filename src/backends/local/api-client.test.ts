import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiRequest, type ApiTarget } from './api-client.js';

/**
 * A controller stand-in that answers one request per connection and keeps it alive, then drops
 * it when the next request arrives on it — what a client paused past the server's idle timeout
 * meets when it reuses its pooled socket.
 */
async function staleSocketServer(): Promise<{ target: ApiTarget; received: () => number; dropped: () => number; close: () => Promise<void> }> {
  let received = 0;
  let dropped = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let answered = false;
    socket.on('data', (chunk) => {
      if (!chunk.toString().includes('\r\n\r\n')) return;
      if (answered) {
        dropped++;
        return void socket.destroy();
      }
      answered = true;
      received++;
      const body = JSON.stringify({ result: { n: received } });
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: keep-alive\r\n\r\n${body}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    target: { url: `http://127.0.0.1:${port}`, token: 't' },
    received: () => received,
    dropped: () => dropped,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

describe('apiRequest on a keep-alive socket the controller has closed', () => {
  let server: Awaited<ReturnType<typeof staleSocketServer>>;
  beforeEach(async () => (server = await staleSocketServer()));
  afterEach(() => server.close());

  it('retries an idempotent call on a new connection', async () => {
    for (let n = 1; n <= 8; n++) {
      expect(await apiRequest(server.target, 'POST', '/v1/rpc', { method: 'readModel' }, { idempotent: true })).toEqual({ n });
    }
    expect(server.dropped()).toBeGreaterThan(0);
  });

  it('does not repeat a call that is not idempotent, and names the cause', async () => {
    const failures: unknown[] = [];
    for (let n = 0; n < 8 && !failures.length; n++) {
      await apiRequest(server.target, 'POST', '/v1/rpc', { method: 'appendJournal' }).catch((error: unknown) => failures.push(error));
    }
    expect(failures).toEqual([expect.objectContaining({ code: 'controller-unreachable', message: expect.stringContaining('UND_ERR_SOCKET') })]);
    expect(server.dropped()).toBe(1);
  });
});
