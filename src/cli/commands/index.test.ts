import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { captureContext } from '../context.js';
import { runCli } from '../run-cli.js';
import { commandNames, commandsFor, commandTable } from './index.js';

describe('the command table', () => {
  it.each(commandTable.map((entry) => [entry.names.join(', '), entry] as const))('the module of %s declares exactly those commands', async (_, entry) => {
    const program = new Command('juju-gitops');
    (await entry.load())(program, captureContext({ cwd: '/' }), () => undefined, { runCli, commands: commandTable });
    expect(program.commands.map((c) => c.name())).toEqual(entry.names);
  });

  it('names every command once', () => {
    expect(new Set(commandNames()).size).toBe(commandNames().length);
  });

  it.each([
    { argv: ['--version'], loads: [] },
    { argv: ['-V'], loads: [] },
    { argv: ['validate', 'bundle.yaml'], loads: ['validate'] },
    { argv: ['import', 'export.yaml'], loads: ['export', 'import'] },
    { argv: ['--help'], loads: commandNames() },
    { argv: [], loads: commandNames() },
    { argv: ['help', 'validate'], loads: commandNames() },
    { argv: ['valdate'], loads: commandNames() },
  ])('$argv loads the modules of $loads', ({ argv, loads }) => {
    expect(commandsFor(argv).flatMap((entry) => entry.names)).toEqual(loads);
  });

  it('still lists every command in --help and suggests the closest to a mistyped one', async () => {
    const help = captureContext({ cwd: '/' });
    expect(await runCli(['--help'], help)).toBe(0);
    // Names starting with __ are internal (the shell completion scripts call __complete).
    for (const name of commandNames().filter((n) => !n.startsWith('__'))) expect(help.stdout()).toContain(`  ${name}`);
    expect(help.stdout()).not.toContain('__complete');
    const typo = captureContext({ cwd: '/' });
    expect(await runCli(['valdate'], typo)).toBe(2);
    expect(typo.stderr()).toContain('(Did you mean validate?)');
  });
});
