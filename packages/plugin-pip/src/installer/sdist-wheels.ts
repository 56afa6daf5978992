import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The `pip install` options that `pip wheel` also understands and that decide
 * where build requirements come from; the others (`--no-compile`, `--upgrade`,
 * ...) only concern installing and `pip wheel` would refuse them.
 */
const optionsWithValue = new Set([
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '--trusted-host',
  '-c',
  '--constraint',
  '--config-settings',
  '-C',
]);
const flagOptions = new Set(['--no-index', '--pre', '--no-build-isolation', '--prefer-binary', '--use-pep517', '--no-use-pep517']);

export function wheelBuildOptions(installOptions: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < installOptions.length; index += 1) {
    const option = installOptions[index] as string;
    const name = option.split('=')[0] as string;
    if (flagOptions.has(name)) kept.push(option);
    else if (optionsWithValue.has(name)) {
      kept.push(option);
      if (!option.includes('=') && index + 1 < installOptions.length) kept.push(installOptions[(index += 1)] as string);
    }
  }
  return kept;
}

/**
 * The wheel built from an sdist, built at most once: kept under
 * `<cache>/<sdist sha256>/`, so any later environment resolving the same sdist
 * installs that wheel without building again. `build` runs `pip wheel --no-deps`
 * into the folder it is given; the result appears by one rename.
 */
export async function wheelFromSdist(
  cacheDirectory: string,
  sdistSha256: string,
  build: (outputDirectory: string) => Promise<void>,
): Promise<{ path: string; built: boolean }> {
  const folder = join(cacheDirectory, sdistSha256);
  const existing = (await readdir(folder).catch(() => [] as string[])).find((name) => name.endsWith('.whl'));
  if (existing) return { path: join(folder, existing), built: false };
  const scratch = join(cacheDirectory, `.building-${sdistSha256.slice(0, 16)}.${process.pid}.${randomBytes(4).toString('hex')}`);
  await mkdir(scratch, { recursive: true });
  try {
    await build(scratch);
    const wheels = (await readdir(scratch)).filter((name) => name.endsWith('.whl'));
    if (wheels.length !== 1) throw new Error(`"pip wheel --no-deps" produced ${wheels.length} wheels from one sdist (exactly one expected)`);
    await rename(scratch, folder).catch(async (error: NodeJS.ErrnoException) => {
      if (!['ENOTEMPTY', 'EEXIST'].includes(error.code ?? '')) throw error;
    });
    const built = (await readdir(folder)).find((name) => name.endsWith('.whl')) as string;
    return { path: join(folder, built), built: true };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
