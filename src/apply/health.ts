import type { LiveUnit } from '../model/live.js';

/** The values a health check or hook may use: `{unit}` in URL templates, `UNIT` in the environment. */
export interface UnitVars {
  unit: string;
  address: string;
  port: string;
  application: string;
  model: string;
}

export function unitVars(model: string, unit: LiveUnit): UnitVars {
  const firstTcp = unit.ports.find((p) => /^\d+(-\d+)?(\/tcp)?$/.test(p)) ?? '';
  return {
    unit: unit.name,
    address: unit.address,
    port: firstTcp.split('/')[0].split('-')[0],
    application: unit.application,
    model,
  };
}

/** Fills `{unit}`, `{address}`, `{port}`, `{application}`, `{model}`; other braces stay as written. */
export function expandTemplate(template: string, vars: UnitVars): string {
  return template.replace(/\{(unit|address|port|application|model)\}/g, (_, name: keyof UnitVars) =>
    name === 'unit' ? encodeURIComponent(vars.unit) : vars[name],
  );
}

export function unitEnv(vars: UnitVars): Record<string, string> {
  return { UNIT: vars.unit, ADDRESS: vars.address, PORT: vars.port, MODEL: vars.model, APPLICATION: vars.application };
}

export interface StatusVerdict {
  ok: boolean;
  /** True when waiting longer cannot help: the agent or workload reports an error. */
  final: boolean;
  output: string;
}

/** The `status` check: the agent is idle and the workload active, as `juju status` shows them. */
export function statusVerdict(unit: LiveUnit): StatusVerdict {
  const agent = unit.agent.current;
  const workload = unit.workload.current;
  const message = unit.workload.message ? `: ${unit.workload.message}` : '';
  const output = `agent ${agent}, workload ${workload}${message}`;
  const ok = agent === 'idle' && workload === 'active';
  const final = agent === 'error' || agent === 'lost' || workload === 'error';
  return { ok, final: !ok && final, output };
}

/** One HTTP probe: any 2xx passes; otherwise the status line and the start of the body. */
export async function probeHttp(url: string, timeoutMs: number): Promise<{ ok: boolean; output: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    const body = (await response.text()).trim().slice(0, 300);
    const line = `GET ${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    return { ok: response.status >= 200 && response.status < 300, output: body ? `${line}\n${body}` : line };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    return { ok: false, output: `GET ${url}: ${reason}` };
  }
}
