import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRuntimeEnvManager, PluginError, type LoadedPlugin, type RuntimeEnvManager } from '../../src/index.js';
import { environmentVariablesPlugin } from '../fixtures/environment-variables-plugin.js';
import { failingPlugin } from '../fixtures/failing-plugin.js';
import { linesOf, temporaryDirectory } from '../fixtures/temporary-directory.js';

describe('failures', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let attemptsFile: string;
  let manager: RuntimeEnvManager | undefined;

  beforeEach(() => {
    directory = temporaryDirectory();
    attemptsFile = join(directory.path, 'attempts.txt');
  });

  afterEach(async () => {
    await manager?.close();
    directory.remove();
  });

  const open = async (options: { failTimes?: number; failureTtlSeconds?: number; secretInMessage?: boolean } = {}): Promise<RuntimeEnvManager> => {
    manager = await openRuntimeEnvManager({
      dataDirectory: join(directory.path, 'data'),
      plugins: [
        failingPlugin({
          attemptsFile,
          ...(options.failTimes === undefined ? {} : { failTimes: options.failTimes }),
          ...(options.secretInMessage === undefined ? {} : { secretInMessage: options.secretInMessage }),
        }),
        environmentVariablesPlugin(),
      ],
      retryBaseDelayMs: 1,
      maxAttempts: 4,
      ...(options.failureTtlSeconds === undefined ? {} : { failureTtlSeconds: options.failureTtlSeconds }),
    });
    return manager;
  };
  const attempts = (): number => linesOf(readFileSync(attemptsFile, 'utf8')).length;

  it('does not retry a permanent failure and names plugin, hook and class', async () => {
    const engine = await open();
    const error = await engine.getOrCreate({ failing: { mode: 'permanent' } }, { owner: 'test' }).catch((thrown: unknown) => thrown);
    expect(PluginError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ plugin: 'failing', hook: 'create', failureClass: 'permanent', code: 'plugin_failed' });
    expect((error as Error).message).toContain('no such package "nope"');
    expect(attempts()).toBe(1);
  });

  it('treats an unclassified error as permanent', async () => {
    const engine = await open();
    await expect(engine.getOrCreate({ failing: { mode: 'plain' } }, { owner: 'test' })).rejects.toMatchObject({ failureClass: 'permanent' });
    expect(attempts()).toBe(1);
  });

  it('retries a transient failure up to maxAttempts in all', async () => {
    const engine = await open();
    await expect(engine.getOrCreate({ failing: { mode: 'transient' } }, { owner: 'test' })).rejects.toMatchObject({ failureClass: 'transient' });
    expect(attempts()).toBe(4);
  });

  it('classifies a network errno as transient and succeeds once it stops', async () => {
    const engine = await open({ failTimes: 2 });
    const events: string[] = [];
    const handle = await engine.getOrCreate({ failing: { mode: 'connection-reset' } }, { owner: 'test', onProgress: (event) => events.push(event.kind) });
    expect(attempts()).toBe(3);
    expect(handle.record.state).toBe('ready');
    expect(events.filter((kind) => kind === 'retrying')).toHaveLength(2);
    expect(events.at(-1)).toBe('ready');
  });

  it('remembers a failure for failureTtlSeconds, and clearFailures forgets it', async () => {
    const engine = await open();
    const document = { failing: { mode: 'permanent' } };
    const first = await engine.getOrCreate(document, { owner: 'test' }).catch((thrown: unknown) => thrown);
    const second = await engine.getOrCreate(document, { owner: 'test' }).catch((thrown: unknown) => thrown);
    expect(second).toMatchObject({ code: 'plugin_failed', plugin: 'failing', hook: 'create', failureClass: 'permanent' });
    expect((second as Error).cause).toBe(first);
    expect(attempts()).toBe(1);
    const [record] = engine.listEnvironments({ state: 'failed' });
    expect(record?.error).toMatchObject({ plugin: 'failing', hook: 'create', failureClass: 'permanent', code: 'plugin_failed' });

    expect(engine.clearFailures()).toBe(1);
    await expect(engine.getOrCreate(document, { owner: 'test' })).rejects.toThrow(/no such package/);
    expect(attempts()).toBe(2);
  });

  it("keeps the plugin's own hint with the failure, for this process and for the next one", async () => {
    const engine = await open();
    const document = { failing: { mode: 'permanent' } };
    await engine.getOrCreate(document, { owner: 'test' }).catch(() => {});
    expect(engine.listEnvironments({ state: 'failed' })[0]?.error).toMatchObject({
      plugin: 'failing',
      hook: 'create',
      hint: 'check the name against the package index',
    });
    await engine.close();

    // Another process reads the record, replays the failure from it, and the hint is still there.
    const reopened = await open();
    await expect(reopened.getOrCreate(document, { owner: 'test' })).rejects.toThrow(/check the name against the package index/);
    const [record] = reopened.listEnvironments({ state: 'failed' });
    expect(record?.error?.hint).toBe('check the name against the package index');
    expect(attempts()).toBe(1);
  });

  it('invents no hint for an error that had none', async () => {
    const engine = await open();
    await engine.getOrCreate({ failing: { mode: 'plain' } }, { owner: 'test' }).catch(() => {});
    // A plain Error has no hint: none is invented.
    expect(engine.listEnvironments({ state: 'failed' })[0]?.error).not.toHaveProperty('hint');
  });

  it('says a replay is a cached failure, from when, and how to retry', async () => {
    const engine = await open();
    const document = { failing: { mode: 'permanent' } };
    await engine.getOrCreate(document, { owner: 'test' }).catch(() => {});
    const replayed = await engine.getOrCreate(document, { owner: 'test' }).catch((thrown: unknown) => thrown);
    expect((replayed as Error).message).toMatch(/this is a cached failure from \d{4}-\d\d-\d\dT[\d:.]+Z \(\d+ s ago\)/);
    expect((replayed as Error).message).toContain('rtenv run --retry');
    expect((replayed as Error).message).toContain('"retry": true');
  });

  it("tries again when the config changed, as a timeout's hint asks", async () => {
    const engine = await open();
    await engine.getOrCreate({ failing: { mode: 'permanent' }, config: { setup_timeout_seconds: 5 } }, { owner: 'test' }).catch(() => {});
    await engine.getOrCreate({ failing: { mode: 'permanent' }, config: { setup_timeout_seconds: 600 } }, { owner: 'test' }).catch(() => {});
    expect(attempts()).toBe(2);
  });

  it('tries again on demand with retry: true', async () => {
    const engine = await open();
    const document = { failing: { mode: 'permanent' } };
    await engine.getOrCreate(document, { owner: 'test' }).catch(() => {});
    await expect(engine.getOrCreate(document, { owner: 'test', retry: true })).rejects.not.toThrow(/cached failure/);
    expect(attempts()).toBe(2);
  });

  it('tries again when a variable the plugin declares it reads changed, in this process and in another', async () => {
    const declaring = (): LoadedPlugin => {
      const loaded = failingPlugin({ attemptsFile });
      return { ...loaded, plugin: { ...loaded.plugin, readsEnvironmentVariables: ['FAILING_TEST_*'] } };
    };
    manager = await openRuntimeEnvManager({ dataDirectory: join(directory.path, 'data'), plugins: [declaring(), environmentVariablesPlugin()] });
    const document = { failing: { mode: 'permanent' } };
    const previous = process.env.FAILING_TEST_INDEX;
    try {
      process.env.FAILING_TEST_INDEX = 'file:///empty';
      await manager.getOrCreate(document, { owner: 'test' }).catch(() => {});
      await manager.getOrCreate(document, { owner: 'test' }).catch(() => {});
      expect(attempts()).toBe(1);
      process.env.FAILING_TEST_INDEX = 'https://index.example';
      await manager.getOrCreate(document, { owner: 'test' }).catch(() => {});
      expect(attempts()).toBe(2);
      const other = await openRuntimeEnvManager({ dataDirectory: join(directory.path, 'data'), plugins: [declaring(), environmentVariablesPlugin()] });
      try {
        await other.getOrCreate(document, { owner: 'other' }).catch(() => {});
        expect(attempts()).toBe(2);
        process.env.FAILING_TEST_INDEX = 'https://another.example';
        await other.getOrCreate(document, { owner: 'other' }).catch(() => {});
        expect(attempts()).toBe(3);
      } finally {
        await other.close();
      }
    } finally {
      if (previous === undefined) delete process.env.FAILING_TEST_INDEX;
      else process.env.FAILING_TEST_INDEX = previous;
    }
  });

  it('rethrows a remembered failure in another process without trying', async () => {
    const engine = await open();
    await engine.getOrCreate({ failing: { mode: 'permanent' } }, { owner: 'test' }).catch(() => {});
    const other = await openRuntimeEnvManager({
      dataDirectory: join(directory.path, 'data'),
      plugins: [failingPlugin({ attemptsFile }), environmentVariablesPlugin()],
    });
    try {
      const error = await other.getOrCreate({ failing: { mode: 'permanent' } }, { owner: 'other' }).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ plugin: 'failing', hook: 'create', failureClass: 'permanent' });
      expect((error as Error).message).toContain('no such package');
      expect(attempts()).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('tries again once the failure TTL has passed', async () => {
    const engine = await open({ failureTtlSeconds: 0.05 });
    const document = { failing: { mode: 'permanent' } };
    await engine.getOrCreate(document, { owner: 'test' }).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 80));
    await engine.getOrCreate(document, { owner: 'test' }).catch(() => {});
    expect(attempts()).toBe(2);
  });

  it('masks env_vars values in the setup log and in the error', async () => {
    const engine = await open();
    const secret = 'hunter2-very-secret';
    const error = (await engine
      .getOrCreate({ failing: { mode: 'permanent' }, env_vars: { TOKEN: secret } }, { owner: 'test' })
      .catch((thrown: unknown) => thrown)) as PluginError;
    const [record] = engine.listEnvironments({ state: 'failed' });
    const log = readFileSync(record!.setupLogPath, 'utf8');
    expect(log).toContain('attempt 1 with token ***');
    expect(log).not.toContain(secret);
    expect(error.logTail.join('\n')).toContain('token ***');
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(record!.error)).not.toContain(secret);
  });

  it('drops a hint that quoted an env_vars value rather than store it', async () => {
    const engine = await open({ secretInMessage: true });
    const secret = 'hunter2-very-secret';
    const error = (await engine
      .getOrCreate({ failing: { mode: 'permanent' }, env_vars: { TOKEN: secret } }, { owner: 'test' })
      .catch((thrown: unknown) => thrown)) as PluginError;
    expect(error.message).toContain('log in with token ***');
    const [record] = engine.listEnvironments({ state: 'failed' });
    expect(record?.error).toMatchObject({ code: 'plugin_failed' });
    expect(record?.error).not.toHaveProperty('hint');
    expect(JSON.stringify(record!.error)).not.toContain(secret);
  });
});
