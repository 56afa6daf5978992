import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SetupFailure, type CreateContext, type LockedPackage } from '@runtime-env/plugin-api';
import { childEnvironment } from '../environment/child-environment.js';
import { createEnvironmentArguments } from './external-arguments.js';
import type { CondaExecutable } from './find-conda-executable.js';
import { loadYaml } from '../load-yaml.js';

/**
 * Creates the prefix with an external conda, mamba or micromamba from an
 * environment file that lists the channels as resolved URLs plus `nodefaults`,
 * so both engines solve against the same channels.
 */
export async function createWithExecutable(
  executable: CondaExecutable,
  environment: { channels: readonly string[]; matchSpecs: readonly string[]; pip: readonly string[] },
  prefix: string,
  ctx: CreateContext<unknown>,
): Promise<LockedPackage[]> {
  const temporary = join(ctx.pluginDirectory, 'tmp');
  await mkdir(temporary, { recursive: true });
  const environmentFile = join(temporary, `environment-${randomBytes(6).toString('hex')}.yml`);
  await writeFile(environmentFile, environmentYaml(environment));
  ctx.progress({ phase: 'resolving', message: `${executable.flavor} creating the environment` });
  try {
    const result = await ctx.runProcess(executable.path, createEnvironmentArguments(executable, prefix, environmentFile), { env: childEnvironment(prefix) });
    if (result.exitCode !== 0) {
      ctx.signal.throwIfAborted();
      const tail = result.outputTail.join('\n');
      const permanent = /Unsatisfiable|PackagesNotFound|ResolvePackageNotFound|conflict|nothing provides|InvalidMatchSpec|InvalidSpec/i.test(tail);
      throw (permanent ? SetupFailure.permanent : SetupFailure.transient)(
        `${executable.path} failed to create the environment (exit ${result.exitCode ?? result.signal}):\n${tail}`,
        {
          code: permanent ? 'conda_unsatisfiable' : 'conda_external_failed',
        },
      );
    }
  } finally {
    await rm(environmentFile, { force: true });
  }
  return readPrefixLock(prefix);
}

export function environmentYaml(environment: { channels: readonly string[]; matchSpecs: readonly string[]; pip: readonly string[] }): string {
  return loadYaml().stringify({
    channels: [...environment.channels, 'nodefaults'],
    dependencies: [...environment.matchSpecs, ...(environment.pip.length > 0 ? [{ pip: [...environment.pip] }] : [])],
  });
}

/** The lock, from the conda-meta records the executable wrote. */
export async function readPrefixLock(prefix: string): Promise<LockedPackage[]> {
  const names = (await readdir(join(prefix, 'conda-meta')).catch(() => [] as string[])).filter((name) => name.endsWith('.json'));
  const lock: LockedPackage[] = [];
  for (const name of names.sort()) {
    const record = JSON.parse(await readFile(join(prefix, 'conda-meta', name), 'utf8')) as Record<string, unknown>;
    lock.push({
      name: String(record.name),
      version: String(record.version),
      build: String(record.build),
      ...(typeof record.sha256 === 'string' ? { hash: `sha256:${record.sha256}` } : {}),
      ...(typeof record.url === 'string' ? { source: record.url } : {}),
    });
  }
  return lock;
}
