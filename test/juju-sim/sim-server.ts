import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs, type ParsedArgs } from './argv.js';
import * as read from './commands-read.js';
import { exec, run } from './commands-task.js';
import { write } from './commands-write.js';
import { controllers, migrate, selectController } from './controllers.js';
import { modelConfig } from './model-config.js';
import { fail, json, jujuMessage, modelOf, ok, type SimAnswer, type SimContext } from './sim-context.js';

export type SimCall = { args: string[]; exitCode: number; durationMs: number };

const writes = new Set([
  'deploy', 'refresh', 'config', 'add-unit', 'remove-unit', 'scale-application', 'integrate', 'remove-relation', 'expose', 'unexpose',
  'set-constraints', 'trust', 'bind', 'offer', 'remove-offer', 'grant', 'revoke', 'consume', 'remove-saas', 'remove-application',
  'add-machine', 'remove-machine',
]);

/** One emulated `juju` invocation: argv in, Juju's stdout/stderr/exit code out. */
export async function dispatch(current: SimContext, argv: string[]): Promise<SimAnswer> {
  const args = parseArgs(argv);
  let ctx = current;
  const writing = writes.has(args.command) || args.command === 'run' || args.command === 'add-model' || (args.command === 'config' && args.positional.length > 1) || args.flags.has('--reset') || args.flags.has('--file');
  if (writing) for (const cache of [ctx.cache, ...[...(ctx.controllers?.values() ?? [])].map((c) => c.cache)]) cache?.clear();
  let model = '';
  try {
    ctx = selectController(current, args);
    model = args.command === 'add-model' ? args.positional[0] : ['version', 'models', 'controllers', 'migrate'].includes(args.command) ? '' : safeModel(ctx, args);
    switch (args.command) {
      case 'version':
        return await read.version(ctx, args);
      case 'status':
        return await read.status(ctx, args);
      case 'show-model':
        return await read.showModel(ctx, args);
      case 'models':
        return await read.models(ctx);
      case 'model-config':
        return await modelConfig(ctx, args);
      case 'show-application':
        return await read.showApplication(ctx, args);
      case 'controllers':
        return controllers(ctx);
      case 'migrate':
        return await migrate(ctx, args);
      case 'add-model':
        await ctx.backend.addModel(args.positional[0]);
        return { stdout: '', stderr: `Added '${args.positional[0]}' model on localhost/localhost with credential 'localhost' for user 'admin'\n`, exitCode: 0 };
      case 'offers':
        return await read.offers(ctx, args);
      case 'config':
        if (args.positional.length === 1 && !args.flags.has('--reset') && !args.flags.has('--file')) return await read.config(ctx, args);
        return await write(ctx, args);
      case 'run':
        return await run(ctx, args);
      case 'exec':
        return await exec(ctx, args);
      default:
        if (writes.has(args.command)) return await write(ctx, args);
        return fail(`juju: "${args.command}" is not a juju command. See "juju --help".`, 2);
    }
  } catch (error) {
    return fail(jujuMessage(ctx, model, error));
  }
}

function safeModel(ctx: SimContext, args: ParsedArgs): string {
  try {
    return modelOf(ctx, args);
  } catch {
    return '';
  }
}

/** Serves `dispatch` to the `juju` executable on 127.0.0.1 behind a bearer token. */
export async function serveSim(ctx: Omit<SimContext, 'env'>, onCall?: (call: SimCall) => void): Promise<{ url: string; token: string; close(): Promise<void> }> {
  const token = crypto.randomBytes(24).toString('hex');
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${token}` || req.method !== 'POST') {
      res.writeHead(401).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const started = performance.now();
      const body = Buffer.concat(chunks).toString('utf8');
      const args = body === '' ? [] : body.slice(0, -1).split('\0');
      const model = req.headers['x-juju-model'];
      const env = typeof model === 'string' && model ? { JUJU_MODEL: model } : {};
      void dispatch({ ...ctx, env }, args).then((answer) => {
        onCall?.({ args, exitCode: answer.exitCode, durationMs: performance.now() - started });
        const stderr = Buffer.from(answer.stderr, 'utf8');
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(Buffer.concat([Buffer.from(`${answer.exitCode} ${stderr.length}\n`), stderr, Buffer.from(answer.stdout, 'utf8')]));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export { ok, json };
