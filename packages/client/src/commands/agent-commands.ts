/**
 * What `rtenv ls/logs/rm/pin/unpin/gc/prewarm --agent URL` do, so the CLI only branches to
 * them. Each writes to `stdout` and returns the exit code; errors are thrown for
 * the CLI to format like any other.
 */
import type { EnvironmentState, JsonObject } from '@runtime-env/core';
import type { AgentClient } from '../agent-client.js';
import type { EnvironmentView, PrewarmResult } from '../wire-types.js';
import { findEnvironmentId } from './find-environment-id.js';

export interface Output {
  write(text: string): unknown;
}

const json = (output: Output, value: unknown): void => void output.write(`${JSON.stringify(value, null, 2)}\n`);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

function bytes(count: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export async function listThroughAgent(client: AgentClient, options: { state?: EnvironmentState; plugin?: string; json?: boolean }, stdout: Output): Promise<number> {
  const views: EnvironmentView[] = [];
  for await (const view of client.allEnvironments({ ...(options.state ? { state: options.state } : {}), ...(options.plugin ? { plugin: options.plugin } : {}), limit: 1000 })) views.push(view);
  if (options.json) {
    json(stdout, views);
    return 0;
  }
  if (views.length === 0) {
    stdout.write(`no environments on the agent at ${client.url}\n`);
    return 0;
  }
  const rows = views.map((view) => [view.id.slice(0, 12), view.state, bytes(view.sizeBytes), String(view.references.length), view.pinned ? 'yes' : 'no', view.lastUsedAt, view.creationMs === null ? '-' : `${view.creationMs} ms`, Object.keys(view.runtimeEnv).join(',') || '(empty)']);
  stdout.write(table(['ID', 'STATE', 'SIZE', 'REFS', 'PINNED', 'LAST USED', 'CREATION', 'FIELDS'], rows));
  return 0;
}

export async function printLogThroughAgent(client: AgentClient, idOrPrefix: string, stdout: Output): Promise<number> {
  stdout.write(await client.readLog(await findEnvironmentId(client, idOrPrefix)));
  return 0;
}

export async function removeThroughAgent(client: AgentClient, idOrPrefix: string, options: { force?: boolean }, stdout: Output): Promise<number> {
  const id = await findEnvironmentId(client, idOrPrefix);
  const { bytesFreed } = await client.remove(id, { force: options.force === true });
  stdout.write(`removed ${id} (${bytes(bytesFreed)} freed)\n`);
  return 0;
}

export async function setPinnedThroughAgent(client: AgentClient, idOrPrefix: string, pinned: boolean, stdout: Output): Promise<number> {
  const id = await findEnvironmentId(client, idOrPrefix);
  await (pinned ? client.pin(id) : client.unpin(id));
  stdout.write(`${pinned ? 'pinned' : 'unpinned'} ${id}\n`);
  return 0;
}

export async function collectThroughAgent(client: AgentClient, options: { dryRun?: boolean; all?: boolean; json?: boolean }, stdout: Output): Promise<number> {
  const report = await client.gc({ dryRun: options.dryRun === true, all: options.all === true });
  if (options.json) {
    json(stdout, report);
    return 0;
  }
  if (report.removed.length === 0) {
    stdout.write('nothing to collect\n');
    return 0;
  }
  stdout.write(table(['URI', 'PLUGIN', 'SIZE', 'REASON'], report.removed.map((candidate) => [candidate.uri, candidate.plugin, bytes(candidate.sizeBytes), candidate.reason])));
  stdout.write(`${report.dryRun ? 'would free' : 'freed'} ${bytes(report.bytesFreed)} in ${report.removed.length} URI(s); environments removed: ${report.environmentsRemoved.length}\n`);
  return 0;
}

/** Exit code 3 when any environment failed (each failure is listed with its code and message). */
export async function prewarmThroughAgent(client: AgentClient, documents: JsonObject[], options: { json?: boolean }, stdout: Output): Promise<number> {
  const { results } = await client.prewarm(documents);
  return writePrewarmResults(results, options, stdout);
}

/** How `rtenv prewarm` reports, through an agent or not: one line (or JSON entry) per document; 3 when any failed. */
export function writePrewarmResults(results: readonly PrewarmResult[], options: { json?: boolean }, stdout: Output): number {
  if (options.json) json(stdout, results);
  else {
    for (const result of results) {
      stdout.write(result.state === 'ready' ? `#${result.index}: ${result.id} ready and pinned${result.cached ? ' (was cached)' : ''}\n` : `#${result.index}: failed: ${result.error?.code}: ${result.error?.message}\n`);
    }
  }
  return results.some((result) => result.state !== 'ready') ? 3 : 0;
}
