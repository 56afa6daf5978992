import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from '@runtime-env/plugin-api/format';
import { reproduceCommand } from '../src/app/reproduce-command.js';
import { ratesSince } from '../src/app/views/agent-view.js';
import type { AgentInfoResponse } from '../src/api-types.js';

describe('what the page writes', () => {
  // The page bundles the same module as the CLI's tables (@runtime-env/plugin-api/format).
  it('formats bytes and durations as rtenv ls does', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MiB');
    expect(formatDuration(null)).toBe('-');
    expect(formatDuration(1500)).toBe('1.5 s');
  });

  it('gives a reproduce command that a shell reads back as the same document', () => {
    const command = reproduceCommand({ env_vars: { NOTE: "it's" } });
    expect(command).toBe(`rtenv run --runtime-env '{"env_vars":{"NOTE":"it'\\''s"}}' -- python3 -c 'print("ok")'`);
  });

  it('gives a failed environment its config and --retry, so the command tries it again under the same settings', () => {
    const command = reproduceCommand({ pip: ['nope'] }, { config: { setup_timeout_seconds: 5, eager_install: true, log_files: [] } });
    expect(command).toBe(
      `rtenv run --retry --runtime-env '{"pip":["nope"],"config":{"setup_timeout_seconds":5,"eager_install":true,"log_files":[]}}' -- python3 -c 'print("ok")'`,
    );
  });

  it('computes request rates and mean latency from two samples of the counters', () => {
    const info = (count: number, sum: number): AgentInfoResponse =>
      ({
        requests: [
          { route: 'envs', status: '2xx', count },
          { route: 'envs', status: '4xx', count: 1 },
        ],
        latency: [{ route: 'envs', count: count + 1, sumSeconds: sum }],
      }) as AgentInfoResponse;
    const [first] = ratesSince(undefined, { at: 0, info: info(10, 0.1) });
    expect(first).toEqual({ route: 'envs', total: 11, meanMs: expect.closeTo(9.09, 1) });
    const [second] = ratesSince({ at: 0, info: info(10, 0.1) }, { at: 2000, info: info(30, 0.14) });
    expect(second!.perSecond).toBe(10);
    expect(second!.meanMs).toBeCloseTo(2, 5);
  });
});
