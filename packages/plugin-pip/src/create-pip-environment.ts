import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SetupFailure, type CreateContext, type CreateResult } from '@runtime-env/core/plugin';
import { resolveBaseInterpreter } from './base-interpreter.js';
import { diskUsage } from './disk-usage.js';
import { buildLock, listDistributionsScript, readInstallationReport, type InstalledDistribution } from './installation-lock.js';
import { pipChildEnvironment, runtimeEnvVariables } from './pip-child-environment.js';
import type { PipOptions } from './pip-options.js';
import { createPipProgressParser } from './pip-progress.js';
import type { PipSpec } from './pip-spec-schema.js';
import { pipUri } from './pip-uri.js';
import { constraintPlaceholder, expandRequirements, type ExpandedRequirements } from './requirement-expansion.js';
import { runPip, throwIfAborted, type PipCommand } from './run-pip.js';
import { createVirtualEnvironment } from './virtual-environment.js';

const execFileAsync = promisify(execFile);

/** Writes the requirements as pip will read them: includes inlined, constraints copied next to them. */
async function writeRequirementFiles(directory: string, expanded: ExpandedRequirements): Promise<string> {
  let lines = expanded.lines;
  for (const [index, constraintLines] of expanded.constraintFiles.entries()) {
    const path = join(directory, `constraints-${index}.txt`);
    await writeFile(path, `${constraintLines.join('\n')}\n`);
    lines = lines.map((line) => (line === constraintPlaceholder(index) ? `-c ${path}` : line));
  }
  const path = join(directory, 'requirements.txt');
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

/** pip learned `--report` in 22.2. */
export function pipSupportsReport(version: string | null): boolean {
  const [major = 0, minor = 0] = (version ?? '0').split('.').map((part) => Number.parseInt(part, 10));
  return major > 22 || (major === 22 && minor >= 2);
}

async function pipVersionOf(command: PipCommand, env: Record<string, string>): Promise<string | null> {
  const { stdout } = await execFileAsync(command.file, [...command.prefix, '--version'], { env }).catch(() => ({ stdout: '' }));
  return /^pip (\S+)/.exec(stdout)?.[1] ?? null;
}

export async function createPipEnvironment(uri: string, spec: PipSpec, ctx: CreateContext<PipOptions>, pluginVersion: string): Promise<CreateResult> {
  const started = Date.now();
  const phaseTimes: Record<string, number> = {};
  const timed = async <Value>(phase: string, work: () => Promise<Value>): Promise<Value> => {
    const phaseStarted = Date.now();
    try {
      return await work();
    } finally {
      phaseTimes[phase] = Date.now() - phaseStarted;
    }
  };
  ctx.progress({ phase: 'resolving', message: 'reading requirements' });
  const interpreter = await resolveBaseInterpreter(ctx.options.python, ctx.signal);
  const expanded = expandRequirements(spec.packages);
  const environmentVariables = runtimeEnvVariables(ctx.runtimeEnv);
  // The files were read again: if one changed since `hash`, this is not what the URI names.
  if (pipUri({ pluginVersion, spec, expanded, interpreter, options: ctx.options, environmentVariables }) !== uri) {
    throw SetupFailure.permanent('a requirements file, a local wheel or the base interpreter changed between resolving and creating the environment', {
      code: 'pip_inputs_changed',
      hint: 'run the command again: the environment will be resolved from the current files',
    });
  }
  const environment = pipChildEnvironment(ctx.runtimeEnv, ctx.options, ctx.pluginDirectory);
  const venvDirectory = join(ctx.directory, 'venv');

  ctx.progress({ phase: 'creating', message: `virtual environment from Python ${interpreter.version}` });
  const venv = await timed('venv', () => createVirtualEnvironment(ctx, interpreter, venvDirectory, ctx.options.systemSitePackages, environment));
  let pip = venv.pip;
  const onLine = createPipProgressParser(ctx.progress);
  const runOptions = { environment, cwd: ctx.directory, onLine };

  if (spec.pip_version) {
    ctx.progress({ phase: 'installing', message: `pip${spec.pip_version}` });
    await timed('pip_version', () => runPip(ctx, pip, ['install', `pip${spec.pip_version}`], { ...runOptions, step: `installing pip${spec.pip_version}` }));
    pip = { file: venv.python, prefix: ['-m', 'pip'] };
  }
  const requirementsPath = await writeRequirementFiles(ctx.directory, expanded);
  const reportPath = join(ctx.directory, 'install-report.json');
  const pipVersion = spec.pip_version ? await pipVersionOf(pip, environment.env) : interpreter.pipVersion;
  const reportArgs = pipSupportsReport(pipVersion) ? ['--report', reportPath] : [];
  await timed('install', () =>
    runPip(ctx, pip, ['install', '-r', requirementsPath, ...reportArgs, ...(spec.pip_install_options ?? [])], { ...runOptions, step: 'installing the packages' }),
  );

  if (spec.pip_check) {
    ctx.progress({ phase: 'checking', message: 'pip check' });
    await timed('pip_check', () => runPip(ctx, pip, ['check'], { ...runOptions, step: 'checking dependencies' })).catch((error: unknown) => {
      throwIfAborted(ctx.signal);
      const problems = error instanceof Error ? error.message : String(error);
      throw SetupFailure.permanent(`"pip check" found broken dependencies: ${problems.replace(/^pip failed \(exit code \d+\) while checking dependencies: /, '')}`, {
        code: 'pip_check_failed',
        hint: 'add the missing or conflicting dependencies to the pip field, or set "pip_check": false',
      });
    });
  }

  ctx.progress({ phase: 'locking', message: 'recording installed distributions' });
  const { stdout } = await execFileAsync(venv.python, ['-c', listDistributionsScript], { env: { ...environment.env }, signal: ctx.signal });
  const lock = buildLock(JSON.parse(stdout) as InstalledDistribution[], await readInstallationReport(reportPath));
  const sizeBytes = await diskUsage(ctx.directory);
  ctx.logger.info(`pip environment ready: ${lock.length} distributions, ${sizeBytes} bytes`, { phaseMs: phaseTimes, totalMs: Date.now() - started });
  return {
    sizeBytes,
    lock,
    details: { venv: venvDirectory, python: venv.python, baseInterpreter: interpreter.executable, pythonVersion: interpreter.version, phaseMs: phaseTimes },
  };
}
