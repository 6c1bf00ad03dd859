import { describe, expect, it } from 'vitest';
import type { LiveUnit } from '../model/live.js';
import { expandTemplate, statusVerdict, unitVars } from './health.js';

function unit(over: Partial<LiveUnit> = {}): LiveUnit {
  return {
    name: 'appserver/3', application: 'appserver', address: '127.0.0.1', ports: ['43117/tcp'], leader: false, generation: null,
    workload: { current: 'active' }, agent: { current: 'idle' }, applied: { options: {}, charm: 'local:appserver' }, ...over,
  };
}

describe('expandTemplate', () => {
  it('fills every placeholder from the unit', () => {
    const vars = unitVars('web', unit());
    expect(expandTemplate('http://{address}:{port}/health?u={unit}&a={application}&m={model}', vars)).toBe(
      'http://127.0.0.1:43117/health?u=appserver%2F3&a=appserver&m=web',
    );
  });

  it('leaves unknown braces alone', () => {
    expect(expandTemplate('{nope}:{port}', unitVars('web', unit()))).toBe('{nope}:43117');
  });

  it('uses the first port range start when only ranges are open', () => {
    expect(unitVars('web', unit({ ports: ['icmp', '9000-9010/tcp'] })).port).toBe('9000');
  });
});

describe('statusVerdict', () => {
  it.each([
    ['idle', 'active', true, false],
    ['executing', 'maintenance', false, false],
    ['idle', 'blocked', false, false],
    ['idle', 'error', false, true],
    ['lost', 'active', false, true],
  ])('agent %s, workload %s: ok %s, final %s', (agent, workload, ok, final) => {
    const verdict = statusVerdict(unit({ agent: { current: agent }, workload: { current: workload, message: 'm' } }));
    expect([verdict.ok, verdict.final]).toEqual([ok, final]);
    expect(verdict.output).toBe(`agent ${agent}, workload ${workload}: m`);
  });
});
