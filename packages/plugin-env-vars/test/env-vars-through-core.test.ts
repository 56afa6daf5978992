import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '@runtime-env/core';
import { openTestManager, runPluginThroughCore, TEST_OWNER } from '@runtime-env/engine-test-support';
import envVarsPlugin from '../src/index.js';

const SECRET = 'through-core-secret-7f3a';

describe('env_vars through a real core', () => {
  it('gives the launched process the variables, expanding ${VAR} against the launching environment', async () => {
    const { run } = await runPluginThroughCore(envVarsPlugin, { env_vars: { TOKEN: SECRET, CONFIG: '${HOME}/.tool' } });
    const result = await run(['sh', '-c', 'printf "%s|%s" "$TOKEN" "$CONFIG"']);
    expect(result).toMatchObject({ exitCode: 0, stdout: `${SECRET}|${process.env.HOME ?? ''}/.tool` });
  });

  it('keeps values out of the structured log and the setup log', async () => {
    const logEntries: JsonObject[] = [];
    const manager = await openTestManager({ plugins: [envVarsPlugin], manager: { log: (entry) => logEntries.push(entry) } });
    const handle = await manager.getOrCreate({ env_vars: { TOKEN: SECRET } }, { owner: TEST_OWNER });
    expect(handle.context.envVars.TOKEN).toBe(SECRET);
    expect(logEntries.length).toBeGreaterThan(0);
    expect(JSON.stringify(logEntries)).not.toContain(SECRET);
    const setupLog = await readFile(handle.record.setupLogPath, 'utf8');
    expect(setupLog).not.toContain(SECRET);
  });

  it('keeps a wrongly typed value out of the error and the log', async () => {
    const logEntries: JsonObject[] = [];
    const manager = await openTestManager({ plugins: [envVarsPlugin], manager: { log: (entry) => logEntries.push(entry) } });
    const attempt = manager.getOrCreate({ env_vars: { PIN: 48151623 } }, { owner: TEST_OWNER });
    await expect(attempt).rejects.toThrow(/env_vars\.PIN: the value of "PIN" must be a string, got a number/);
    await expect(attempt).rejects.not.toThrow(/48151623/);
    expect(JSON.stringify(logEntries)).not.toContain('48151623');
  });

  it('two documents differing only in key order are one environment', async () => {
    const manager = await openTestManager({ plugins: [envVarsPlugin] });
    const first = await manager.getOrCreate({ env_vars: { A: '1', B: '2' } }, { owner: 'first' });
    const second = await manager.getOrCreate({ env_vars: { B: '2', A: '1' } }, { owner: 'second' });
    expect(second.id).toBe(first.id);
  });
});
