/**
 * A small stand-in of `RuntimeEnvManager` for unit tests of the HTTP layer's
 * branches only (the integration tests use the real core). Documents may hold
 * `env_vars`, `delayMs` (creation takes that long, honouring the signal) and
 * `fail` (creation fails permanently in a plugin).
 */
import { createHash } from 'node:crypto';
import {
  CancelledError,
  EnvironmentInUseError,
  EnvironmentNotFoundError,
  PluginError,
  RuntimeEnvError,
  SetupFailure,
  ValidationError,
  emptyLaunchContext,
  type EnvironmentHandle,
  type EnvironmentRecord,
  type GetOrCreateOptions,
  type ProgressEvent,
  type RuntimeEnvManager,
} from '@runtime-env/core';

const knownFields = new Set(['env_vars', 'delayMs', 'fail', 'config']);

export function createInMemoryManager(): RuntimeEnvManager & { records: Map<string, EnvironmentRecord> } {
  const records = new Map<string, EnvironmentRecord>();
  const creations = new Map<string, Promise<void>>();
  const listeners = new Set<(event: ProgressEvent) => void>();
  const emit = (event: ProgressEvent): void => {
    for (const listener of listeners) listener(event);
  };

  const validate = (document: unknown) => {
    if (document === null || typeof document !== 'object' || Array.isArray(document))
      throw new ValidationError([{ code: 'invalid_type', path: '', message: 'expected an object' }]);
    const unknown = Object.keys(document).filter((key) => !knownFields.has(key));
    if (unknown.length > 0) throw new ValidationError(unknown.map((key) => ({ code: 'unknown_field', path: key, message: `unknown field "${key}"` })));
    // As the core does, `config` is split off the normalized document (the agent sends it back in with it).
    const { config, ...runtimeEnv } = document as Record<string, unknown>;
    return { runtimeEnv, config: { setup_timeout_seconds: 600, eager_install: true, log_files: [] }, configGiven: config !== undefined };
  };
  const idOf = (document: unknown): string => createHash('sha256').update(JSON.stringify(document)).digest('hex').slice(0, 32);

  const build = async (record: EnvironmentRecord, delayMs: number, fail: boolean, signal?: AbortSignal): Promise<void> => {
    const at = () => new Date().toISOString();
    emit({ environmentId: record.id, plugin: 'stand-in', uri: `stand-in://${record.id}`, kind: 'started', phase: 'creating', at: at() });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, delayMs);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new CancelledError(`creating environment ${record.id}`));
      });
    });
    emit({ environmentId: record.id, plugin: 'stand-in', uri: `stand-in://${record.id}`, kind: 'progress', phase: 'installing', message: 'halfway', at: at() });
    if (fail)
      throw new PluginError({
        plugin: 'stand-in',
        hook: 'create',
        cause: SetupFailure.permanent('package "nope" does not exist', { hint: 'fix the package name' }),
        failureClass: 'permanent',
      });
    emit({ environmentId: record.id, plugin: 'stand-in', uri: `stand-in://${record.id}`, kind: 'ready', phase: 'done', at: at() });
  };

  const manager = {
    records,
    dataDirectory: '/nonexistent',
    plugins: [],
    validate,
    normalizedDocument(document: unknown) {
      const { runtimeEnv, configGiven } = validate(document);
      return configGiven ? { ...runtimeEnv, config: (document as Record<string, unknown>).config } : runtimeEnv;
    },
    async resolve(document: unknown) {
      const { runtimeEnv, config } = validate(document);
      return { id: idOf(runtimeEnv), runtimeEnv, config, uris: [] };
    },
    async getOrCreate(document: unknown, options: GetOrCreateOptions): Promise<EnvironmentHandle> {
      const { runtimeEnv, config } = validate(document);
      const id = idOf(runtimeEnv);
      let record = records.get(id);
      let cached = true;
      let joined = creations.has(id);
      if (!record || record.state === 'failed') {
        cached = false;
        joined = false;
        const now = new Date().toISOString();
        record = {
          id,
          runtimeEnv,
          config,
          uris: [{ plugin: 'stand-in', uri: `stand-in://${id}` }],
          state: 'creating',
          references: [],
          pinned: false,
          createdAt: now,
          lastUsedAt: now,
          creationMs: null,
          sizeBytes: 0,
          setupLogPath: `/nonexistent/${id}.log`,
        };
        records.set(id, record);
        const creating = record;
        const started = Date.now();
        creations.set(
          id,
          build(record, Number(runtimeEnv.delayMs ?? 0), runtimeEnv.fail === true, options.signal)
            .then(
              () => void Object.assign(creating, { state: 'ready', creationMs: Date.now() - started, sizeBytes: 1024 }),
              (error: unknown) => {
                Object.assign(creating, {
                  state: 'failed',
                  error: { code: (error as PluginError).code, message: (error as Error).message, failedAt: new Date().toISOString() },
                });
                throw error;
              },
            )
            .finally(() => creations.delete(id)),
        );
      }
      const creation = creations.get(id);
      if (creation) {
        cached = false;
        if (options.onProgress) listeners.add(options.onProgress);
        try {
          await creation;
        } finally {
          if (options.onProgress) listeners.delete(options.onProgress);
        }
      }
      if (record.state === 'failed')
        throw new PluginError({ plugin: 'stand-in', hook: 'create', cause: new Error(record.error?.message ?? 'failed'), failureClass: 'permanent' });
      record.references = [
        ...record.references.filter((reference) => reference.owner !== options.owner),
        { owner: options.owner, ...(options.leaseSeconds ? { expiresAt: new Date(Date.now() + options.leaseSeconds * 1000).toISOString() } : {}) },
      ];
      const context = emptyLaunchContext();
      Object.assign(context.envVars, runtimeEnv.env_vars ?? {});
      return { id, context, record: structuredClone(record), cached, joined, creationMs: record.creationMs };
    },
    release(environmentId: string, owner: string) {
      const record = records.get(environmentId);
      if (!record) return false;
      const before = record.references.length;
      record.references = record.references.filter((reference) => reference.owner !== owner);
      return record.references.length < before;
    },
    renewLease(environmentId: string, owner: string, leaseSeconds: number) {
      const reference = records.get(environmentId)?.references.find((entry) => entry.owner === owner);
      if (!reference) throw new RuntimeEnvError('reference_not_found', `"${owner}" holds no reference to environment "${environmentId}"`);
      reference.expiresAt = new Date(Date.now() + leaseSeconds * 1000).toISOString();
    },
    pin: (environmentId: string) => void (records.get(environmentId)!.pinned = true),
    unpin: (environmentId: string) => void (records.get(environmentId)!.pinned = false),
    getEnvironment: (environmentId: string) => records.get(environmentId),
    listEnvironments: (filter: { state?: string } = {}) => [...records.values()].filter((record) => !filter.state || record.state === filter.state),
    listEnvironmentSummaries(filter: { state?: string } = {}) {
      return manager.listEnvironments(filter).map((record) => ({ ...record, fields: Object.keys(record.runtimeEnv), references: record.references.length }));
    },
    listUris: () => [],
    async remove(environmentId: string, options: { force?: boolean } = {}) {
      const record = records.get(environmentId);
      if (!record) throw new EnvironmentNotFoundError(environmentId);
      if (record.references.length > 0 && !options.force)
        throw new EnvironmentInUseError(
          environmentId,
          record.references.map((reference) => reference.owner),
        );
      records.delete(environmentId);
      return { bytesFreed: record.sizeBytes };
    },
    clearFailures: () => 0,
    async gc(options: { dryRun?: boolean } = {}) {
      return { dryRun: options.dryRun === true, removed: [], bytesFreed: 0, environmentsRemoved: [] };
    },
    onProgress(listener: (event: ProgressEvent) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async launch(): Promise<never> {
      throw new Error('the stand-in does not launch processes');
    },
    async close() {},
  };
  return manager as unknown as RuntimeEnvManager & { records: Map<string, EnvironmentRecord> };
}
