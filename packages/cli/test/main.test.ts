import { describe, expect, it } from 'vitest';
import { runCli } from '../src/main.js';
import { commandTable } from '../src/commands/index.js';
import { captureIo } from './capture-io.js';

describe('runCli dispatch', () => {
  it('prints the global help on --help (exit 0) and on no arguments (exit 2, on stderr)', async () => {
    const help = captureIo();
    expect(await runCli(['--help'], help)).toBe(0);
    expect(help.stdoutText()).toContain('Usage: rtenv COMMAND');
    const none = captureIo();
    expect(await runCli([], none)).toBe(2);
    expect(none.stdoutText()).toBe('');
    expect(none.stderrText()).toContain('Usage: rtenv COMMAND');
  });

  it('prints the version from package.json', async () => {
    const io = captureIo();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(io.stdoutText()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("shows each command's help through `help CMD` and `CMD --help`", async () => {
    for (const entry of commandTable) {
      const viaHelp = captureIo();
      expect(await runCli(['help', entry.name], viaHelp)).toBe(0);
      const viaFlag = captureIo();
      expect(await runCli([entry.name, '--help'], viaFlag)).toBe(0);
      expect(viaHelp.stdoutText()).toBe(viaFlag.stdoutText());
      expect(viaFlag.stdoutText()).toContain(`Usage: rtenv ${entry.name}`);
    }
  });

  it('suggests the command meant by a typo', async () => {
    const io = captureIo();
    expect(await runCli(['valdate'], io)).toBe(2);
    expect(io.stderrText()).toContain('unknown command "valdate" (did you mean `rtenv validate`?)');
    const prefix = captureIo();
    await runCli(['plug'], prefix);
    expect(prefix.stderrText()).toContain('did you mean `rtenv plugins`?');
  });

  it('validates a document in-process with the installed first-party plugins', async () => {
    const io = captureIo();
    expect(await runCli(['validate', '-e', '{"env_vars": {"A": "1"}}'], io)).toBe(0);
    expect(JSON.parse(io.stdoutText()).env_vars).toEqual({ A: '1' });
  });

  it('registers every command once, each loading a definition of the same name', async () => {
    const names = commandTable.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of commandTable) expect((await entry.load()).name).toBe(entry.name);
  });
});
