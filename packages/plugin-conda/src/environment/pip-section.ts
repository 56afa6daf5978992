import { randomBytes } from 'node:crypto';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SetupFailure, type CreateContext, type LockedPackage } from '@runtime-env/plugin-api';
import { childEnvironment } from './child-environment.js';

const listPipInstalled = `import json, importlib.metadata as metadata
print(json.dumps([{"name": d.metadata["Name"], "version": d.version} for d in metadata.distributions() if (d.read_text("INSTALLER") or "").strip() == "pip"]))`;

/**
 * Installs the `pip:` entries of the environment with the environment's own
 * pip, as conda does: the list becomes a requirements file, so option lines
 * such as `--index-url` or `--find-links` work there too. Returns what pip
 * installed, for the lock.
 */
export async function installPipSection(prefix: string, requirements: readonly string[], ctx: CreateContext<unknown>): Promise<LockedPackage[]> {
  const python = join(prefix, 'bin', 'python');
  if (
    !(await access(python).then(
      () => true,
      () => false,
    ))
  ) {
    throw SetupFailure.permanent('conda.dependencies has a "pip" section but the environment has no python to run pip with', {
      code: 'conda_pip_without_python',
      hint: 'add "python" and "pip" to conda.dependencies',
    });
  }
  ctx.progress({ phase: 'installing', message: `pip install ${requirements.length} requirement(s)` });
  const temporary = join(ctx.pluginDirectory, 'tmp');
  await mkdir(temporary, { recursive: true });
  const requirementsFile = join(temporary, `pip-requirements-${randomBytes(6).toString('hex')}.txt`);
  await writeFile(requirementsFile, `${requirements.join('\n')}\n`);
  const env = childEnvironment(prefix);
  try {
    const result = await ctx.runProcess(python, ['-m', 'pip', 'install', '--no-input', '-r', requirementsFile], { env, cwd: prefix });
    if (result.exitCode !== 0) {
      ctx.signal.throwIfAborted();
      const tail = result.outputTail.join('\n');
      const permanent = /No matching distribution|ResolutionImpossible|Could not find a version|Invalid requirement|No module named pip/i.test(tail);
      throw (permanent ? SetupFailure.permanent : SetupFailure.transient)(
        `pip install of the conda environment's pip section failed (exit ${result.exitCode ?? result.signal}):\n${tail}`,
        {
          code: 'conda_pip_failed',
          hint: permanent ? 'check the names and versions in the pip section, and its --index-url' : 'check that the package index is reachable',
        },
      );
    }
  } finally {
    await rm(requirementsFile, { force: true });
  }
  const lines: string[] = [];
  const listed = await ctx.runProcess(python, ['-c', listPipInstalled], { env, onLine: (line, stream) => stream === 'stdout' && lines.push(line) });
  if (listed.exitCode !== 0) return [];
  const installed = JSON.parse(lines.join('') || '[]') as { name: string; version: string }[];
  return installed.map((entry) => ({ name: entry.name, version: entry.version, source: 'pip' }));
}

/** Ensures `pip` is solved for when the environment has a pip section, as micromamba does. */
export function withPipSpec(matchSpecs: readonly string[], pip: readonly string[]): string[] {
  if (pip.length === 0) return [...matchSpecs];
  const hasPip = matchSpecs.some((spec) => /^\s*(?:[^:\s]+::)?pip(?![A-Za-z0-9_.-])/i.test(spec));
  return hasPip ? [...matchSpecs] : [...matchSpecs, 'pip'];
}
