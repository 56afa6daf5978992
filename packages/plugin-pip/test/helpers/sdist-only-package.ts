import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A source-only project (no wheel anywhere) with a console script, as an sdist
 * in a find-links folder: pip must build it (setuptools from the index), once.
 */
export function writeSdistOnlyPackage(directory: string): string {
  const source = join(directory, 'src', 'fidelity_sdist-1.0.0');
  mkdirSync(source, { recursive: true });
  writeFileSync(
    join(source, 'setup.py'),
    'from setuptools import setup\nsetup(name="fidelity-sdist", version="1.0.0", py_modules=["fidelity_sdist"], entry_points={"console_scripts": ["fidelity-sdist=fidelity_sdist:main"]})\n',
  );
  writeFileSync(join(source, 'pyproject.toml'), '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n');
  writeFileSync(join(source, 'fidelity_sdist.py'), 'def main():\n    print("fidelity-sdist 1.0.0")\n');
  const links = join(directory, 'links');
  mkdirSync(links, { recursive: true });
  execFileSync('tar', ['czf', join(links, 'fidelity_sdist-1.0.0.tar.gz'), '-C', join(directory, 'src'), 'fidelity_sdist-1.0.0']);
  return links;
}
