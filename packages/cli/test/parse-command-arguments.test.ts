import { describe, expect, it } from 'vitest';
import { defineCommand } from '../src/arguments/command-definition.js';
import { parseCommandArguments } from '../src/arguments/parse-command-arguments.js';
import { configOptions, runtimeEnvOptions } from '../src/arguments/shared-options.js';
import { UsageError } from '../src/errors/usage-error.js';

const noRun = async () => 0;

const rmLike = defineCommand({
  name: 'rm',
  summary: 'remove',
  usage: 'rm ENV',
  options: { force: { type: 'boolean', description: 'force' }, ...configOptions },
  positionals: { minimum: 1, maximum: 1, names: 'ENV' },
  run: noRun,
});

const runLike = defineCommand({
  name: 'run',
  summary: 'run',
  usage: 'run -- COMMAND',
  options: { ...runtimeEnvOptions, quiet: { type: 'boolean', short: 'q', description: 'quiet' } },
  positionals: { minimum: 0, maximum: Number.POSITIVE_INFINITY },
  passThroughAfterFirstPositional: true,
  run: noRun,
});

describe('parseCommandArguments', () => {
  it('types and returns option values and positionals', () => {
    const parsed = parseCommandArguments(rmLike, ['abc', '--force', '--data-dir', '/tmp/x']);
    expect(parsed.values).toEqual({ force: true, 'data-dir': '/tmp/x' });
    expect(parsed.positionals).toEqual(['abc']);
    expect(parsed.helpRequested).toBe(false);
  });

  it('reports an unknown option as a usage error naming the command', () => {
    expect(() => parseCommandArguments(rmLike, ['abc', '--forse'])).toThrowError(UsageError);
    try {
      parseCommandArguments(rmLike, ['abc', '--forse']);
    } catch (error) {
      expect((error as UsageError).message).toContain("Unknown option '--forse'");
      expect((error as UsageError).message).toContain('rtenv rm --help');
      expect((error as UsageError).code).toBe('invalid_usage');
    }
  });

  it('reports a missing option value', () => {
    expect(() => parseCommandArguments(rmLike, ['abc', '--data-dir'])).toThrowError(/argument missing/);
  });

  it('enforces the number of positionals', () => {
    expect(() => parseCommandArguments(rmLike, [])).toThrowError(/needs ENV/);
    expect(() => parseCommandArguments(rmLike, ['a', 'b'])).toThrowError(/unexpected argument\(s\) "b"/);
  });

  it('lets --help through without checking positionals', () => {
    expect(parseCommandArguments(rmLike, ['--help']).helpRequested).toBe(true);
    expect(parseCommandArguments(rmLike, ['-h']).helpRequested).toBe(true);
  });

  it('hands everything after -- to the child command, options included', () => {
    const parsed = parseCommandArguments(runLike, ['-q', '--runtime-env', '{}', '--', 'python3', '-c', 'print(1)', '--quiet']);
    expect(parsed.values).toEqual({ quiet: true, 'runtime-env': '{}' });
    expect(parsed.positionals).toEqual(['python3', '-c', 'print(1)', '--quiet']);
  });

  it('hands everything from the first positional on to the child without --', () => {
    const parsed = parseCommandArguments(runLike, ['-e', '{"env_vars":{}}', 'python3', '-c', 'print(1)']);
    expect(parsed.values).toEqual({ 'runtime-env': '{"env_vars":{}}' });
    expect(parsed.positionals).toEqual(['python3', '-c', 'print(1)']);
  });

  it('does not take an option value for the child command', () => {
    const parsed = parseCommandArguments(runLike, ['--runtime-env', 'echo', 'echo', 'hi']);
    expect(parsed.values['runtime-env']).toBe('echo');
    expect(parsed.positionals).toEqual(['echo', 'hi']);
  });

  it('still rejects unknown rtenv options before the child command', () => {
    expect(() => parseCommandArguments(runLike, ['--nope', '--', 'true'])).toThrowError(/Unknown option '--nope'/);
  });
});
