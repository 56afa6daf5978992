import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveAgentSettings } from '../src/process/agent-settings.js';
import { applyHeapMode } from '../src/process/heap-mode.js';

describe('agent heap mode', () => {
  it('is compact unless the config says otherwise, and names the setting when it is wrong', () => {
    expect(resolveAgentSettings(undefined, {}, undefined).heap).toBe('compact');
    expect(resolveAgentSettings({ heap: 'node-default' }, {}, undefined).heap).toBe('node-default');
    expect(() => resolveAgentSettings({ heap: 'tiny' }, {}, '/etc/rtenv.config.json')).toThrow(/heap \(flag or "agent" section\).*"compact"\|"node-default"/);
  });

  it('asks V8 to optimize for size in compact mode only', () => {
    const set: string[] = [];
    applyHeapMode('compact', (flags) => set.push(flags));
    applyHeapMode('node-default', (flags) => set.push(flags));
    expect(set).toEqual(['--optimize-for-size']);
  });

  // The real effect, in a fresh Node: a process that keeps ~20 MiB (like 10,000
  // tracked environments) while churning short-lived objects commits less heap
  // once the mode is applied at run time, as the agent applies it.
  it('keeps less heap committed in a real process after a burst', () => {
    const committedMiB = (mode: string): number => {
      const script = `
        const { applyHeapMode } = await import(${JSON.stringify(fileURLToPath(new URL('../src/process/heap-mode.ts', import.meta.url)))});
        applyHeapMode(${JSON.stringify(mode)});
        const kept = new Map();
        for (let i = 0; i < 200_000; i += 1) {
          const request = { id: 'env-' + i, body: JSON.stringify({ env_vars: { INDEX: String(i) } }), parts: [i, i + 1, i + 2] };
          if (i % 20 === 0) kept.set(request.id, { ...request, record: 'x'.repeat(1500) + i });
        }
        process.stdout.write(String(process.memoryUsage().heapTotal / 1048576));`;
      return Number(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' }));
    };
    const compact = committedMiB('compact');
    const nodeDefault = committedMiB('node-default');
    expect(compact).toBeLessThan(nodeDefault * 0.8);
  });
});
