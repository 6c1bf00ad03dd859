import { spawn } from 'node:child_process';
import http from 'node:http';
import type { HealthSpec } from '../charms/types.js';

export interface HealthResult {
  ok: boolean;
  detail: string;
}

/** One health probe: an HTTP GET on the unit's port (2xx is healthy) or a command (exit 0). */
export async function probeHealth(spec: HealthSpec, target: { port?: number; env: Record<string, string>; cwd: string }): Promise<HealthResult> {
  if (spec.http) {
    if (!target.port) return { ok: false, detail: 'the unit has no port to check' };
    return probeHttp(`http://127.0.0.1:${target.port}${spec.http}`, spec.timeoutMs);
  }
  return probeCommand(spec.command ?? [], target.env, target.cwd, spec.timeoutMs);
}

function probeHttp(url: string, timeoutMs: number): Promise<HealthResult> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: timeoutMs, agent: false }, (response) => {
      response.resume();
      const code = response.statusCode ?? 0;
      resolve({ ok: code >= 200 && code < 300, detail: `GET ${url}: HTTP ${code}` });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error) => resolve({ ok: false, detail: `GET ${url}: ${error.message}` }));
  });
}

function probeCommand(command: string[], env: Record<string, string>, cwd: string, timeoutMs: number): Promise<HealthResult> {
  return new Promise((resolve) => {
    if (!command.length) return resolve({ ok: false, detail: 'no health command' });
    const child = spawn(command[0], command.slice(1), { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (error) => resolve({ ok: false, detail: `${command[0]}: ${error.message}` }));
    child.on('close', (code, signal) => {
      const last = output.trim().split('\n').at(-1) ?? '';
      resolve({ ok: code === 0, detail: `${command.join(' ')}: ${signal ? `killed by ${signal}` : `exit ${code}`}${last ? `: ${last}` : ''}` });
    });
  });
}
