import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CondaChannelPackage } from './conda-channel-builder.js';
import { CONDA_PREFIX_PLACEHOLDER } from './conda-package-definition.js';
import { compileCProgram } from './compile-program.js';
import { pythonShimPackage } from './python-shim-package.js';
import { noarchPythonPackageFromWheel } from './wheel-conda-package.js';

/** The message every sample program prints, read from its own prefix. */
export const SAMPLE_GREETING = 'hello from the runtime-env test channel';

const helloBinarySource = `#include <stdio.h>
static const char prefix[] = "${CONDA_PREFIX_PLACEHOLDER}";
int main(void) {
  char path[4096];
  snprintf(path, sizeof path, "%s/share/greeting/message.txt", prefix);
  FILE *file = fopen(path, "r");
  if (!file) { perror(path); return 3; }
  int character;
  while ((character = fgetc(file)) != EOF) putchar(character);
  printf("prefix=%s\\n", prefix);
  return 0;
}
`;

/**
 * A small channel that covers what an installer must get right: dependencies,
 * both archive formats, a text and a binary prefix placeholder, a `noarch: python`
 * package with an entry point, a Python (see `pythonShimPackage`) and pip.
 */
export async function sampleCondaPackages(): Promise<CondaChannelPackage[]> {
  return [
    {
      definition: {
        name: 'greeting-data',
        version: '1.0',
        noarch: 'generic',
        files: [{ path: 'share/greeting/message.txt', content: `${SAMPLE_GREETING}\n` }],
      },
    },
    {
      format: 'tar.bz2',
      definition: {
        name: 'hello-text',
        version: '1.0',
        depends: ['greeting-data >=1.0', '__glibc >=2.17'],
        files: [
          {
            path: 'bin/hello-text',
            executable: true,
            prefixPlaceholder: 'text',
            content: `#!/bin/sh\nprefix="${CONDA_PREFIX_PLACEHOLDER}"\ncat "$prefix/share/greeting/message.txt"\necho "prefix=$prefix"\n`,
          },
        ],
      },
    },
    {
      definition: {
        name: 'hello-binary',
        version: '1.0',
        depends: ['greeting-data 1.*', '__glibc >=2.17', '__unix'],
        files: [{ path: 'bin/hello-binary', executable: true, prefixPlaceholder: 'binary', content: await compileCProgram(helloBinarySource) }],
      },
    },
    {
      definition: {
        name: 'greet-py',
        version: '2.0',
        noarch: 'python',
        depends: ['python >=3.8', 'greeting-data'],
        entryPoints: ['greet-py = greet_py.cli:main'],
        files: [
          { path: 'site-packages/greet_py/__init__.py', content: '' },
          {
            path: 'site-packages/greet_py/cli.py',
            content:
              'import os, sys\n\ndef main():\n    with open(os.path.join(sys.prefix, "share", "greeting", "message.txt")) as f:\n        print(f.read().strip())\n    print("sys.prefix=" + sys.prefix)\n    return 0\n',
          },
        ],
      },
    },
    { definition: pythonShimPackage() },
    { definition: await noarchPythonPackageFromWheel(findPipWheel()) },
  ];
}

/**
 * Debian's pip wheel (package `python3-pip-whl`), repackaged as the channel's
 * `pip`: a real pip that the conda plugin's `pip:` section can run.
 */
export function findPipWheel(directory = '/usr/share/python-wheels'): string {
  let names: string[] = [];
  try {
    names = readdirSync(directory);
  } catch {
    // Reported below with the fix.
  }
  const wheel = names.find((name) => /^pip-.*\.whl$/.test(name));
  if (!wheel) throw new Error(`no pip wheel in ${directory}; install one with \`apt-get install -y python3-pip-whl\``);
  return join(directory, wheel);
}

/** `count` packages named `<prefix>-N` holding `bytesEach` bytes of distinct data each (for benchmarks). */
export function fillerCondaPackages(count: number, bytesEach: number, prefix = 'filler'): CondaChannelPackage[] {
  const packages: CondaChannelPackage[] = [];
  for (let index = 0; index < count; index += 1) {
    const content = Buffer.alloc(Math.floor(bytesEach / 4) * 4);
    for (let offset = 0; offset < content.length; offset += 4) content.writeUInt32LE((offset * 2654435761 + index) >>> 0, offset);
    packages.push({ definition: { name: `${prefix}-${index}`, version: '1.0', files: [{ path: `share/${prefix}/${index}.bin`, content }] } });
  }
  return packages;
}
