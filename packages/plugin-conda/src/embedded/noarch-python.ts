/**
 * Where a `noarch: python` file goes: its `site-packages/` into the Python's
 * own site-packages, `python-scripts/` into `bin/`. Everything else stays.
 */
export function noarchPythonTarget(path: string, pythonShortVersion: string): string {
  if (path.startsWith('site-packages/')) return `lib/python${pythonShortVersion}/${path}`;
  if (path.startsWith('python-scripts/')) return `bin/${path.slice('python-scripts/'.length)}`;
  return path;
}

/** `name = module:function` (extras in brackets ignored, as pip does). */
export function parseEntryPoint(entryPoint: string): { name: string; module: string; attribute: string } | undefined {
  const match = /^\s*([^=\s]+)\s*=\s*([\w.]+)\s*:\s*([\w.]+)/.exec(entryPoint);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { name: match[1], module: match[2], attribute: match[3] };
}

/**
 * A console script for an entry point. The shebang is a `/bin/sh` trampoline
 * because a real `#!<prefix>/bin/python` line breaks past 127 bytes on Linux,
 * and runtime-env prefixes are deep; the `'''exec'` trick is the one pip and
 * conda use for the same reason.
 */
export function entryPointScript(prefix: string, entryPoint: { module: string; attribute: string }): string {
  const [head, ...rest] = entryPoint.attribute.split('.');
  const call = rest.length > 0 ? `${head}.${rest.join('.')}` : head;
  return [
    '#!/bin/sh',
    `'''exec' "${prefix}/bin/python" "$0" "$@"`,
    "' '''",
    '# -*- coding: utf-8 -*-',
    'import re',
    'import sys',
    `from ${entryPoint.module} import ${head}`,
    "if __name__ == '__main__':",
    "    sys.argv[0] = re.sub(r'(-script\\.pyw?|\\.exe)?$', '', sys.argv[0])",
    `    sys.exit(${call}())`,
    '',
  ].join('\n');
}
