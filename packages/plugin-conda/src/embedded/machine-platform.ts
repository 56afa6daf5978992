import { arch, platform, release } from 'node:os';

/** The conda subdir of this machine (`linux-64`, `linux-aarch64`, `osx-arm64`...). */
export function machineSubdir(): string {
  const system = platform() === 'darwin' ? 'osx' : platform() === 'win32' ? 'win' : platform();
  const machine = arch();
  if (machine === 'x64') return `${system}-64`;
  if (machine === 'arm64') return system === 'osx' ? 'osx-arm64' : `${system}-aarch64`;
  if (machine === 'ppc64') return `${system}-ppc64le`;
  return `${system}-${machine}`;
}

/** One virtual package: what the machine provides that no channel ships. */
export interface VirtualPackage {
  name: string;
  version: string;
  build: string;
}

/**
 * The virtual packages conda would detect here: `__unix`, `__linux` with the
 * kernel version, `__glibc` with the C library's version, `__archspec` with the
 * CPU family. Packages depend on them (`__glibc >=2.17`) to refuse machines they
 * cannot run on.
 */
export function machineVirtualPackages(): VirtualPackage[] {
  const packages: VirtualPackage[] = [];
  if (platform() !== 'win32') packages.push({ name: '__unix', version: '0', build: '0' });
  if (platform() === 'linux') {
    const kernel = /^(\d+(?:\.\d+){0,3})/.exec(release())?.[1] ?? '0';
    packages.push({ name: '__linux', version: kernel, build: '0' });
    const glibc = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime;
    if (glibc) packages.push({ name: '__glibc', version: glibc, build: '0' });
  }
  if (platform() === 'darwin') packages.push({ name: '__osx', version: release(), build: '0' });
  const family = arch() === 'x64' ? 'x86_64' : arch() === 'arm64' ? (platform() === 'darwin' ? 'm1' : 'aarch64') : arch();
  packages.push({ name: '__archspec', version: '1', build: family });
  return packages;
}
