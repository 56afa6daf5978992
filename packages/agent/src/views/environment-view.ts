import { maskUrlCredentialsIn, type EnvironmentRecord, type JsonObject, type UriRecord } from '@runtime-env/core';
import type { EnvironmentView, UriView } from '@runtime-env/client';

/**
 * The shape an environment is shown in. `env_vars` values are replaced by `***`,
 * and so are the credentials of every URL in it (a pip index, a working_dir
 * source): only the owner asking for a context gets them (in the create answer).
 */
export function environmentView(record: EnvironmentRecord, urisByName?: ReadonlyMap<string, UriRecord>): EnvironmentView {
  const view: EnvironmentView = {
    id: record.id,
    state: record.state,
    runtimeEnv: maskEnvironmentVariables(record.runtimeEnv),
    config: record.config,
    uris: record.uris.map(({ plugin, uri }) => uriView(plugin, uri, urisByName?.get(uri))),
    references: record.references,
    pinned: record.pinned,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
    creationMs: record.creationMs,
    sizeBytes: record.sizeBytes,
    setupLogPath: record.setupLogPath,
  };
  if (record.error !== undefined) view.error = record.error;
  return maskUrlCredentialsIn(view);
}

export function indexUris(records: readonly UriRecord[]): Map<string, UriRecord> {
  return new Map(records.map((record) => [record.uri, record]));
}

function uriView(plugin: string, uri: string, record: UriRecord | undefined): UriView {
  if (record === undefined) return { plugin, uri };
  const view: UriView = { plugin, uri, state: record.state, sizeBytes: record.sizeBytes, creationMs: record.creationMs };
  if (record.lock !== undefined) view.lock = record.lock;
  return view;
}

function maskEnvironmentVariables(runtimeEnv: Readonly<Record<string, unknown>>): JsonObject {
  const variables = runtimeEnv.env_vars;
  if (variables === null || typeof variables !== 'object') return runtimeEnv as JsonObject;
  const masked: JsonObject = {};
  for (const name of Object.keys(variables)) masked[name] = '***';
  return { ...(runtimeEnv as JsonObject), env_vars: masked };
}
