import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runDockerCommand } from './run-docker-command.js';

export interface BusyboxImageOptions {
  /** The image name and tag to give it, e.g. `rtenv-test/busybox:1`. */
  name: string;
  /** Extra files, path inside the image → content; a distinct file makes a distinct image id. */
  files?: Record<string, string>;
  /** Environment of the image (`PATH=/bin` is always set). */
  env?: Record<string, string>;
}

export interface LocalImage {
  name: string;
  /** `sha256:<hex>`, the image id the Engine gave it. */
  id: string;
}

/**
 * Builds a tiny image from Debian's static busybox and imports it into the local
 * Engine (`docker import`), because no registry is reachable from the test machines.
 * It has `sh` and the usual applets, `/tmp`, and `/etc/passwd` with root and nobody.
 */
export async function buildBusyboxImage(options: BusyboxImageOptions): Promise<LocalImage> {
  const root = mkdtempSync(join(tmpdir(), 'rtenv-busybox-'));
  try {
    writeBusyboxRoot(root, options.files ?? {});
    const tarball = execFileSync('tar', ['-C', root, '-c', '.'], { maxBuffer: 64 * 1024 * 1024 });
    const env = { PATH: '/bin', ...options.env };
    const changes = Object.entries(env).flatMap(([key, value]) => ['--change', `ENV ${key}=${value}`]);
    const { stdout } = await runDockerCommand(['import', ...changes, '-', options.name], { input: tarball });
    return { name: options.name, id: stdout.trim() };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function writeBusyboxRoot(root: string, files: Record<string, string>): void {
  mkdirSync(join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'etc'));
  mkdirSync(join(root, 'tmp'));
  chmodSync(join(root, 'tmp'), 0o1777);
  copyFileSync('/bin/busybox', join(root, 'bin', 'busybox'));
  chmodSync(join(root, 'bin', 'busybox'), 0o755);
  const applets = execFileSync('/bin/busybox', ['--list'], { encoding: 'utf8' }).split('\n');
  for (const applet of applets) {
    // `busybox --list` names busybox itself; linking it would overwrite the binary.
    if (applet !== '' && applet !== 'busybox') symlinkSync('busybox', join(root, 'bin', applet));
  }
  writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n');
  writeFileSync(join(root, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

/** Removes images by name or id, ignoring ones already gone. */
export async function removeImages(names: readonly string[]): Promise<void> {
  for (const name of names) {
    await runDockerCommand(['image', 'rm', '--force', name]).catch(() => undefined);
  }
}
