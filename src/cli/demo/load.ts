import http from 'node:http';

export interface LoadReport {
  requests: number;
  failed: number;
  /** Responses per body's first line (the appserver answers with its build), to show the mix move. */
  answers: Record<string, number>;
  /** The first few failures, for the narrative. */
  errors: string[];
  durationMs: number;
}

export interface LoadGenerator {
  /** Counts so far. */
  snapshot(): LoadReport;
  /** Stops sending and resolves with the final counts once in-flight requests finish. */
  stop(): Promise<LoadReport>;
}

/**
 * A bounded load generator for loopback: `connections` keep-alive clients each send one GET
 * after another until stopped or `maxMs` passes, whichever is first, so it can never outlive
 * the demo. A request fails on a connection error, a timeout or a non-2xx answer.
 */
export interface LoadOptions {
  url: string;
  connections?: number;
  /** Hard upper bound on how long it runs. */
  maxMs: number;
  timeoutMs?: number;
  /** Pause of each client between its requests, to keep the load light. */
  pauseMs?: number;
  /** Names the answer in a 2xx body (default: its first line), for the `answers` tally. */
  classify?: (body: string) => string;
}

export function startLoad(opts: LoadOptions): LoadGenerator {
  const url = new URL(opts.url);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error('the load generator only targets loopback');
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections ?? 4 });
  const started = Date.now();
  const report: LoadReport = { requests: 0, failed: 0, answers: {}, errors: [], durationMs: 0 };
  let stopped = false;
  const deadline = setTimeout(() => (stopped = true), opts.maxMs);
  deadline.unref();

  const fail = (why: string) => {
    report.failed += 1;
    if (report.errors.length < 5) report.errors.push(why);
  };
  const one = () =>
    new Promise<void>((resolve) => {
      const req = http.get(url, { agent, timeout: opts.timeoutMs ?? 2000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 4096) body += chunk;
        });
        res.on('end', () => {
          report.requests += 1;
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) fail(`HTTP ${status}`);
          else {
            const answer = opts.classify?.(body) ?? (body.split('\n')[0].trim().slice(0, 40) || '(empty)');
            report.answers[answer] = (report.answers[answer] ?? 0) + 1;
          }
          resolve();
        });
        res.on('error', (error) => {
          report.requests += 1;
          fail(error.message);
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (error) => {
        report.requests += 1;
        fail((error as NodeJS.ErrnoException).code ?? error.message);
        resolve();
      });
    });
  const client = async () => {
    while (!stopped) {
      await one();
      if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
    }
  };
  const clients = Array.from({ length: opts.connections ?? 4 }, client);
  return {
    snapshot: () => ({ ...report, answers: { ...report.answers }, errors: [...report.errors], durationMs: Date.now() - started }),
    async stop() {
      stopped = true;
      clearTimeout(deadline);
      await Promise.all(clients);
      agent.destroy();
      return { ...report, durationMs: Date.now() - started };
    },
  };
}
