import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { parse } from 'yaml';
import type { LiveModel } from '../../model/live.js';
import { optionalRepo, openModelBackend } from '../model-backend.js';
import type { CliContext, CommandEntry } from '../context.js';
import type { CompletionSources } from './complete.js';

/**
 * Where completion finds names: commands from the command table (loading only the module of
 * the command being completed), models from juju-gitops.yaml, applications and units from the
 * live model when its controller is running (never started for this), else from the model's
 * bundle. Any failure is an empty answer: a TAB press never prints an error.
 */
export function completionSources(ctx: CliContext, commandTable: readonly CommandEntry[]): CompletionSources {
  const quiet: CliContext = { ...ctx, out: () => undefined, err: () => undefined };
  const repo = once(() => optionalRepo(quiet).catch(() => undefined));
  const defaultModel = async (model: string | undefined) => model ?? Object.keys((await repo())?.config.models ?? {})[0];
  const live = async (model: string | undefined): Promise<LiveModel | undefined> => {
    const name = await defaultModel(model);
    if (!name) return undefined;
    try {
      const backend = await openModelBackend(quiet, { model: name, config: (await repo())?.config });
      try {
        return await backend.readModel(name);
      } finally {
        await backend.close();
      }
    } catch {
      return undefined;
    }
  };
  const bundled = async (model: string | undefined): Promise<Record<string, { num_units?: number; scale?: number }>> => {
    const found = await repo();
    const name = await defaultModel(model);
    const file = name ? found?.config.models[name]?.bundle : undefined;
    if (!found || !file) return {};
    const doc = parse(await readFile(path.resolve(found.repo.root, file), 'utf8').catch(() => '')) as { applications?: Record<string, { num_units?: number; scale?: number }> } | null;
    return doc?.applications ?? {};
  };
  return {
    commands: commandTable.flatMap((entry) => entry.names),
    command: async (name) => {
      const entry = commandTable.find((e) => e.names.includes(name));
      if (!entry) return undefined;
      const program = new Command('juju-gitops');
      // Only the definitions are read: nothing registered here ever runs, so neither does the CLI.
      (await entry.load())(program, quiet, () => undefined, { runCli: async () => 1, commands: commandTable });
      return program.commands.find((c) => c.name() === name || c.aliases().includes(name));
    },
    models: async () => Object.keys((await repo())?.config.models ?? {}),
    applications: async (model) => {
      const found = await live(model);
      return found ? Object.keys(found.applications) : Object.keys(await bundled(model).catch(() => ({})));
    },
    units: async (model) => {
      const found = await live(model);
      if (found) return Object.values(found.applications).flatMap((a) => Object.keys(a.units));
      const apps = await bundled(model).catch(() => ({}));
      return Object.entries(apps).flatMap(([app, spec]) => Array.from({ length: Number(spec?.num_units ?? spec?.scale ?? 0) }, (_, i) => `${app}/${i}`));
    },
  };
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= load());
}
