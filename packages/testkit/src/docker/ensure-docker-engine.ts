import { execFile, spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

export interface DockerEngineInfo {
  serverVersion: string;
  apiVersion: string;
}

export interface EnsureDockerEngineOptions {
  /** How long to wait for a freshly started dockerd; default 60 s. */
  waitSeconds?: number;
  /** Where dockerd's output goes when this helper starts it. */
  dockerdLogPath?: string;
}

const defaultDockerdLog = '/tmp/runtime-env-dockerd.log';

/**
 * Makes sure a Docker Engine answers, the way CI's `scripts/ensure-docker.sh` does:
 * installs Debian's `docker.io` and `busybox-static` when missing, starts `dockerd`
 * in the background when none answers, and waits for it. Throws (never skips) when
 * that is impossible, so a test that needs the Engine fails with the reason.
 */
export async function ensureDockerEngine(options: EnsureDockerEngineOptions = {}): Promise<DockerEngineInfo> {
  const answering = await queryEngine();
  if (answering && existsSync('/bin/busybox')) return answering;

  const missing = [...(hasCommand('dockerd') ? [] : ['docker.io']), ...(existsSync('/bin/busybox') ? [] : ['busybox-static'])];
  if (missing.length > 0) await installDebianPackages(missing);
  if (answering) return answering;
  if (process.env.DOCKER_HOST) {
    throw new Error(`DOCKER_HOST=${process.env.DOCKER_HOST} does not answer \`docker info\`; start that engine or unset DOCKER_HOST to use a local dockerd`);
  }

  const logPath = options.dockerdLogPath ?? defaultDockerdLog;
  const logFile = openSync(logPath, 'a');
  // cgroupfs: machines without systemd (containers, CI runners) have no systemd cgroup driver.
  const dockerd = spawn('dockerd', ['--exec-opt', 'native.cgroupdriver=cgroupfs'], { detached: true, stdio: ['ignore', logFile, logFile] });
  dockerd.unref();

  const deadline = Date.now() + (options.waitSeconds ?? 60) * 1000;
  while (Date.now() < deadline) {
    const info = await queryEngine();
    if (info) return info;
    await delay(250);
  }
  throw new Error(`dockerd did not answer \`docker info\` within ${options.waitSeconds ?? 60} s; see ${logPath}`);
}

function queryEngine(): Promise<DockerEngineInfo | undefined> {
  return new Promise((resolve) => {
    execFile('docker', ['version', '--format', '{{.Server.Version}} {{.Server.APIVersion}}'], { timeout: 10_000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      const [serverVersion = '', apiVersion = ''] = stdout.trim().split(' ');
      resolve({ serverVersion, apiVersion });
    });
  });
}

function hasCommand(name: string): boolean {
  const directories = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/sbin']);
  return directories.some((directory) => directory !== '' && existsSync(`${directory}/${name}`));
}

async function installDebianPackages(packages: readonly string[]): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `a Docker Engine is needed but ${packages.join(', ')} is missing and this process is not root: run \`sudo apt-get install -y ${packages.join(' ')}\``,
    );
  }
  const install = (): Promise<boolean> =>
    new Promise((resolve) => {
      execFile(
        'apt-get',
        ['install', '-y', '--no-install-recommends', ...packages],
        { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 600_000 },
        (error) => resolve(!error),
      );
    });
  if (await install()) return;
  // Fresh CI images often have empty package lists.
  await new Promise<void>((resolve) => execFile('apt-get', ['update'], { timeout: 600_000 }, () => resolve()));
  if (!(await install())) throw new Error(`apt-get install -y ${packages.join(' ')} failed; install it by hand to run the Docker tests`);
}
