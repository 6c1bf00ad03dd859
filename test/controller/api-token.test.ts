import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestController, type TestController } from '../helpers/test-controller.js';

describe('the controller API without its token', () => {
  let tc: TestController;
  let token: string;
  beforeAll(async () => {
    tc = await startTestController();
    token = fs.readFileSync(path.join(tc.dir, 'token'), 'utf8').trim();
  });
  afterAll(async () => tc?.stop());

  const addModel = JSON.stringify({ method: 'addModel', params: ['intruder'] });
  it.each([
    ['POST', '/v1/rpc', addModel, undefined],
    ['POST', '/v1/rpc', addModel, 'Bearer wrong'],
    ['POST', '/v1/rpc', addModel, 'Bearer 0000000000000000000000000000000000000000000000000000000000000000'],
    ['POST', '/v1/rpc', addModel, 'Basic abc'],
    ['POST', '/v1/shutdown', '{}', undefined],
    ['GET', '/v1/status', undefined, undefined],
    ['GET', '/no/such/path', undefined, 'Bearer '],
  ])('answers %s %s with 401 and does nothing (authorization: %s)', async (method, pathname, body, authorization) => {
    const response = await fetch(`${tc.url}${pathname}`, {
      method,
      headers: authorization === undefined ? {} : { authorization },
      ...(body ? { body } : {}),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await tc.backend.listModels()).toEqual([]);
    const status = await fetch(`${tc.url}/v1/status`, { headers: { authorization: `Bearer ${token}` } });
    expect(status.status).toBe(200);
  });

  it('serves the same request with the token', async () => {
    const response = await fetch(`${tc.url}/v1/rpc`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ method: 'addModel', params: ['welcome'] }) });
    expect(await response.json()).toEqual({ result: null });
    expect((await tc.backend.listModels()).map((m) => m.name)).toEqual(['welcome']);
  });

  it('keeps the token in a file only its owner can read, beside the store and api.json', () => {
    expect(fs.statSync(path.join(tc.dir, 'token')).mode & 0o777).toBe(0o600);
    const api = JSON.parse(fs.readFileSync(path.join(tc.dir, 'api.json'), 'utf8'));
    expect(api).toMatchObject({ address: tc.url, pid: process.pid });
    expect(tc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fs.existsSync(path.join(tc.dir, 'controller.db'))).toBe(true);
  });
});
