/**
 * What `rtenv ls/logs/rm/pin/unpin/gc/prewarm --agent URL` do, so each command only
 * branches to them. They print with the same tables and formats as the local
 * commands (`../output/`). Each writes to `stdout` and returns the exit code;
 * errors are thrown for the CLI to format like any other.
 */
import type { AgentClient, EnvironmentView } from '@runtime-env/client';
import type { EnvironmentState, JsonObject } from '@runtime-env/core';
import { ExitCode } from '../exit-codes.js';
import { formatEnvironmentTable, listedOfView } from '../output/environment-table.js';
import { formatBytes } from '@runtime-env/plugin-api/format';
import { writeGcReport } from '../output/gc-report.js';
import { writePrewarmResults } from '../output/prewarm-results.js';
import { writeJson } from '../output/write-json.js';
import { findEnvironmentId } from './find-environment-id.js';

type Output = NodeJS.WritableStream;

export async function listThroughAgent(
  client: AgentClient,
  options: { state?: EnvironmentState; plugin?: string; json?: boolean },
  stdout: Output,
): Promise<number> {
  const views: EnvironmentView[] = [];
  for await (const view of client.allEnvironments({
    ...(options.state ? { state: options.state } : {}),
    ...(options.plugin ? { plugin: options.plugin } : {}),
    limit: 1000,
  }))
    views.push(view);
  if (options.json) writeJson(stdout, views);
  else if (views.length === 0) stdout.write(`no environments on the agent at ${client.url}\n`);
  else stdout.write(formatEnvironmentTable(views.map(listedOfView)));
  return ExitCode.ok;
}

export async function printLogThroughAgent(client: AgentClient, idOrPrefix: string, stdout: Output): Promise<number> {
  stdout.write(await client.readLog(await findEnvironmentId(client, idOrPrefix)));
  return ExitCode.ok;
}

export async function removeThroughAgent(client: AgentClient, idOrPrefix: string, options: { force?: boolean }, stdout: Output): Promise<number> {
  const id = await findEnvironmentId(client, idOrPrefix);
  const { bytesFreed } = await client.remove(id, { force: options.force === true });
  stdout.write(`removed ${id} (${formatBytes(bytesFreed)} freed)\n`);
  return ExitCode.ok;
}

export async function setPinnedThroughAgent(client: AgentClient, idOrPrefix: string, pinned: boolean, stdout: Output): Promise<number> {
  const id = await findEnvironmentId(client, idOrPrefix);
  await (pinned ? client.pin(id) : client.unpin(id));
  stdout.write(`${pinned ? 'pinned' : 'unpinned'} ${id}\n`);
  return ExitCode.ok;
}

export async function collectThroughAgent(client: AgentClient, options: { dryRun?: boolean; all?: boolean; json?: boolean }, stdout: Output): Promise<number> {
  writeGcReport(await client.gc({ dryRun: options.dryRun === true, all: options.all === true }), { json: options.json === true }, stdout);
  return ExitCode.ok;
}

/** Exit code 3 when any environment failed (each failure is listed with its code and message). */
export async function prewarmThroughAgent(client: AgentClient, documents: JsonObject[], options: { json?: boolean }, stdout: Output): Promise<number> {
  const { results } = await client.prewarm(documents);
  return writePrewarmResults(results, options, stdout);
}
