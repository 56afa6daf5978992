import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { buildChildEnvironment, commandLineOf, emptyLaunchContext, type LaunchContext, type LaunchResult } from '@runtime-env/plugin-api';
import { ConformanceFailure } from './conformance-failure.js';
import type { SpecCase } from './conformance-spec.js';
import { openPluginHarness, type CreatedUri, type PluginHarness, type PluginUnderTest } from './plugin-harness.js';

export interface EndToEndInput {
  underTest: PluginUnderTest;
  specCase: SpecCase;
  /** Plugins owning the other fields of `specCase.runtimeEnv` (env_vars next to pip), run as the core would run them. */
  alongside?: readonly PluginUnderTest[];
  /** The command launched in the environment; it must exit 0. */
  command: readonly string[];
  /** A data directory the caller owns and removes. */
  dataDirectory: string;
}

/**
 * Every hook in the core's order on one document, without the engine: each
 * plugin's `hash` and `create` (in priority order), every `modifyContext` on one
 * context, then a real process launched in that context (through the plugin's
 * `launch` when it names itself the launcher, as the core does) must exit 0 and
 * keep the `env_vars` values out of every log; then `delete` and the removal of
 * each URI directory leave none of them on disk.
 */
export async function checkEndToEnd(input: EndToEndInput): Promise<void> {
  const { plugin } = input.underTest;
  const fail = (check: string, observed: string, hint?: string): never => {
    throw new ConformanceFailure(plugin.name, check, observed, hint);
  };
  const participants = [input.underTest, ...(input.alongside ?? [])].sort((left, right) => (left.plugin.priority ?? 10) - (right.plugin.priority ?? 10));
  const document = { ...input.specCase.runtimeEnv, [plugin.name]: input.specCase.spec };
  const steps: { harness: PluginHarness; created: CreatedUri[] }[] = [];
  for (const participant of participants) {
    const harness = await openPluginHarness(participant, input.dataDirectory);
    if (document[participant.plugin.name] === undefined) continue;
    const { [participant.plugin.name]: spec, ...others } = document;
    const normalized = harness.normalize({ spec, runtimeEnv: others });
    const created: CreatedUri[] = [];
    for (const uri of await harness.hash(normalized)) created.push(await harness.create(uri, normalized));
    steps.push({ harness, created });
  }
  const context = emptyLaunchContext();
  for (const { harness, created } of steps) {
    const { [harness.plugin.name]: spec, ...others } = document;
    await harness.modifyContext(created, harness.normalize({ spec, runtimeEnv: others }), context);
  }
  const launched = await launchIn(context, input.command, steps);
  if (launched.result.exitCode !== 0) {
    fail(
      'a process runs in the environment it made',
      `${JSON.stringify(input.command)} ended with ${JSON.stringify(launched.result)}: ${launched.output.slice(-2_000)}`,
    );
  }
  const secrets = steps[0]?.harness.secretsOf({ spec: undefined, runtimeEnv: document }) ?? [];
  const logged = steps.map(({ harness }) => harness.logger.text()).join('\n');
  if (secrets.some((secret) => logged.includes(secret))) fail('never logs env_vars values', 'env_vars values appear in what the hooks logged');

  for (const { harness, created } of steps) {
    const { [harness.plugin.name]: spec, ...others } = document;
    for (const entry of created) {
      await harness.delete(entry, harness.normalize({ spec, runtimeEnv: others }));
      await rm(entry.directory, { recursive: true, force: true });
      if (existsSync(entry.directory)) fail('delete leaves the directory to the core', `"${entry.uri}" is still on disk at ${entry.directory}`);
    }
  }
}

/** As the core launches: the context's launcher plugin when one is named, else a child process in the context. */
async function launchIn(
  context: LaunchContext,
  command: readonly string[],
  steps: readonly { harness: PluginHarness }[],
): Promise<{ result: LaunchResult; output: string }> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const io = { stdin: 'ignore' as const, stdout: output, stderr: output };
  const launcher = context.launcher === undefined ? undefined : steps.find(({ harness }) => harness.plugin.name === context.launcher)?.harness;
  if (context.launcher !== undefined && !launcher?.plugin.launch) {
    throw new ConformanceFailure(
      steps[0]?.harness.plugin.name ?? '?',
      'launch',
      `the context names launcher "${context.launcher}", which no plugin of the document provides`,
    );
  }
  const result = launcher ? await launcher.plugin.launch!({ context, command, io }, launcher.baseContext()) : await spawnIn(context, command, output);
  return { result, output: Buffer.concat(chunks).toString('utf8') };
}

function spawnIn(context: LaunchContext, command: readonly string[], output: PassThrough): Promise<LaunchResult> {
  const [file, ...args] = commandLineOf(context, command);
  return new Promise((resolve, reject) => {
    const child = spawn(file!, args, { cwd: context.workingDirectory, env: buildChildEnvironment(context), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(output, { end: false });
    child.stderr.pipe(output, { end: false });
    child.once('error', reject);
    child.once('close', (exitCode, signal) => resolve({ exitCode, signal }));
  });
}
