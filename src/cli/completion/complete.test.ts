import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { complete, type CompletionSources } from './complete.js';

/** A tiny CLI with the shapes completion meets: options with and without values, subcommands, an alias. */
function fakeCommand(name: string): Command | undefined {
  const program = new Command('juju-gitops');
  program.command('apply').alias('reconcile').option('--model <name>').option('--yes').option('--plan <file>');
  const generation = program.command('generation');
  generation.command('set').argument('<targets...>').option('--model <name>').option('--commit');
  generation.command('add').option('--model <name>');
  program.command('config').argument('<application>').argument('[pairs...]').option('-m, --model <name>');
  return program.commands.find((c) => c.name() === name || c.aliases().includes(name));
}

const loaded: string[] = [];
const sources: CompletionSources = {
  commands: ['apply', 'generation', 'config', '__complete'],
  command: async (name) => (loaded.push(name), fakeCommand(name)),
  models: async () => ['web', 'db'],
  applications: async (model) => (model === 'db' ? ['mysql'] : ['appserver', 'haproxy']),
  units: async (model) => (model === 'db' ? ['mysql/0'] : ['appserver/0', 'appserver/1']),
};

describe('complete', () => {
  it.each([
    [[''], ['apply', 'generation', 'config']],
    [['--'], ['--help', '--version', '--no-color']],
    [['apply', '--'], ['--model', '--yes', '--plan', '--help']],
    [['reconcile', '--'], ['--model', '--yes', '--plan', '--help']],
    [['apply', '--model', ''], ['web', 'db']],
    [['apply', '--plan', ''], []],
    [['generation', ''], ['set', 'add']],
    [['generation', 'set', ''], ['appserver/0', 'appserver/1', 'appserver', 'haproxy']],
    [['generation', 'set', '--model', 'db', ''], ['mysql/0', 'mysql']],
    [['generation', 'set', '--'], ['--model', '--commit', '--help']],
    [['config', ''], ['appserver', 'haproxy']],
    [['config', '-m', 'db', ''], ['mysql']],
    [['config', 'appserver', ''], []],
    [['nonsense', ''], []],
  ])('%j → %j', async (words, expected) => {
    expect(await complete(words, sources)).toEqual(expected);
  });

  it('loads no command module to complete a command name', async () => {
    loaded.length = 0;
    await complete(['ap'], sources);
    expect(loaded).toEqual([]);
    await complete(['apply', '--'], sources);
    expect(loaded).toEqual(['apply']);
  });
});
