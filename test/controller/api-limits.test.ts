import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestController, type TestController } from '../helpers/test-controller.js';

/**
 * Sends a request head and `sent` bytes of a body announced as `announced` bytes (chunked when
 * undefined), then reads what the server answers until it closes the connection. The client never
 * sends the rest: a server that waits for the whole body before answering would hang here.
 */
async function partialRequest(url: string, opts: { authorization?: string; announced?: number; sent: number }): Promise<{ status: number; text: string }> {
  const { port } = new URL(url);
  const socket = net.connect(Number(port), '127.0.0.1');
  const head = [
    'POST /v1/rpc HTTP/1.1',
    'host: 127.0.0.1',
    ...(opts.authorization ? [`authorization: ${opts.authorization}`] : []),
    opts.announced === undefined ? 'transfer-encoding: chunked' : `content-length: ${opts.announced}`,
    '',
    '',
  ].join('\r\n');
  const chunk = Buffer.alloc(opts.sent, 'a');
  socket.write(head);
  socket.write(opts.announced === undefined ? Buffer.concat([Buffer.from(`${opts.sent.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk);
  const received: Buffer[] = [];
  socket.on('data', (d: Buffer) => received.push(d));
  await new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.on('error', () => {});
  });
  const text = Buffer.concat(received).toString('utf8');
  return { status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0), text };
}

describe('the controller API and request bodies', () => {
  let tc: TestController;
  let token: string;
  beforeAll(async () => {
    tc = await startTestController();
    token = fs.readFileSync(path.join(tc.dir, 'token'), 'utf8').trim();
  });
  afterAll(async () => tc?.stop());

  it('refuses a request without the token from its headers, before its body arrives, and closes the connection', async () => {
    const answer = await partialRequest(tc.url, { announced: 40 * 1024 * 1024, sent: 1024 });
    expect(answer.status).toBe(401);
    expect(answer.text).toContain('"unauthorized"');
  });

  it('answers 413 when the announced body is over the limit, without reading it', async () => {
    const answer = await partialRequest(tc.url, { authorization: `Bearer ${token}`, announced: 40 * 1024 * 1024, sent: 1024 });
    expect(answer.status).toBe(413);
    expect(answer.text).toContain('"request-too-large"');
  });

  it('answers 413 when a chunked body grows over the limit', async () => {
    const answer = await partialRequest(tc.url, { authorization: `Bearer ${token}`, sent: 33 * 1024 * 1024 });
    expect(answer.status).toBe(413);
    expect(await tc.backend.listModels()).toEqual([]);
  });

  it.each(['bearer', 'BEARER', 'Bearer'])('takes the %s scheme (RFC 7235: schemes are case-insensitive)', async (scheme) => {
    const response = await fetch(`${tc.url}/v1/status`, { headers: { authorization: `${scheme} ${token}` } });
    expect(response.status).toBe(200);
  });
});
