// deploy/ holds Prometheus alert rules and a Grafana dashboard for the agent's
// metrics. promtool (Debian's prometheus package, installed by
// scripts/ensure-system-packages.sh) checks the rules; every metric either file
// names must be one a real agent exposes.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeEnvManager } from '@runtime-env/core';
import { AgentClient } from '@runtime-env/client';
import { envVarsPlugin } from '@runtime-env/plugin-env-vars';
import { openTestManager } from '@runtime-env/engine-test-support';
import { startAgentServer, type RunningAgent } from '../src/index.js';

const run = promisify(execFile);
const rulesFile = fileURLToPath(new URL('../../../deploy/prometheus/runtime-env-agent.rules.yml', import.meta.url));
const dashboardFile = fileURLToPath(new URL('../../../deploy/grafana/runtime-env-agent.dashboard.json', import.meta.url));

let manager: RuntimeEnvManager;
let agent: RunningAgent;
let exposition: string;

beforeAll(async () => {
  manager = await openTestManager({ plugins: [envVarsPlugin] });
  agent = await startAgentServer({ manager, gcIntervalSeconds: 0 });
  const client = new AgentClient({ url: agent.url });
  await client.getOrCreate({ runtimeEnv: { env_vars: { A: '1' } }, owner: 'job' });
  exposition = await client.metrics();
  client.close();
});

afterAll(async () => {
  await agent.stop('tests finished');
  await manager.close();
});

/** Metric families `/metrics` declares (`# TYPE name kind`). */
function exposedFamilies(text: string): Set<string> {
  return new Set([...text.matchAll(/^# TYPE (\S+) \S+$/gm)].map((match) => match[1]!));
}

/** The `runtime_env_*` names in PromQL expressions, a histogram's series named by their family. */
function referencedFamilies(expressions: readonly string[]): Set<string> {
  const names = expressions.flatMap((expression) => [...expression.matchAll(/\bruntime_env_[a-z_]+/g)].map((match) => match[0]));
  return new Set(names.map((name) => name.replace(/_(bucket|sum|count)$/, '')));
}

describe('deploy/ monitoring files', () => {
  it('promtool accepts the alert rules', async () => {
    const { stdout } = await run('promtool', ['check', 'rules', rulesFile]);
    expect(stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('promtool accepts what /metrics serves', async () => {
    const checked = execFile('promtool', ['check', 'metrics']);
    const finished = new Promise<{ code: number | null; output: string }>((resolve) => {
      let output = '';
      checked.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      checked.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      checked.on('exit', (code) => resolve({ code, output }));
    });
    checked.stdin!.end(exposition);
    expect(await finished).toEqual({ code: 0, output: '' });
  });

  it('the rules and the dashboard name only metrics the agent exposes', () => {
    const exposed = exposedFamilies(exposition);
    const ruleExpressions = [...readFileSync(rulesFile, 'utf8').matchAll(/^\s+expr: (?:\|\n)?([\s\S]*?)\n\s+(?:for|labels):/gm)].map((match) => match[1]!);
    const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
      templating: { list: { definition: string }[] };
    };
    const dashboardExpressions = [
      ...dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)),
      ...dashboard.templating.list.map((variable) => variable.definition),
    ];
    expect(ruleExpressions.length).toBeGreaterThanOrEqual(7);
    for (const [file, expressions] of [
      ['rules', ruleExpressions],
      ['dashboard', dashboardExpressions],
    ] as const) {
      const referenced = referencedFamilies(expressions);
      expect(referenced.size, file).toBeGreaterThan(3);
      for (const name of referenced) expect(exposed.has(name), `${file} names ${name}, which /metrics does not expose`).toBe(true);
    }
  });
});
