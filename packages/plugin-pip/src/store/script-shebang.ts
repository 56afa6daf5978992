/**
 * pip writes the environment's own interpreter into the first line of every
 * script it installs (console scripts, and `#!python` scripts from a wheel's
 * `.data/scripts`), so a script can never be shared between environments: the
 * store keeps its body and each environment gets its own first line.
 */

// Linux's limit on a `#!` line; distlib (pip's script maker) uses the same figure.
const longestSimpleShebang = 127;

function quoted(executable: string): string {
  return executable.includes(' ') ? `"${executable}"` : executable;
}

/** The first line(s) pip's script maker writes for `python`: `#!python`, or a `/bin/sh` trampoline when that is too long or has spaces. */
export function shebangFor(python: string): string {
  if (!python.includes(' ') && python.length + 3 <= longestSimpleShebang) return `#!${python}\n`;
  return `#!/bin/sh\n'''exec' ${quoted(python)} "$0" "$@"\n' '''\n`;
}

/** The script without the shebang naming `python`, or undefined when the script does not start with one. */
export function withoutShebang(content: Buffer, python: string): Buffer | undefined {
  const candidates = [`#!${python}\n`, shebangFor(python), `#!/bin/sh\n'''exec' ${quoted(python)} "$0" "$@"\n' '''\n`];
  for (const candidate of candidates) {
    const prefix = Buffer.from(candidate, 'utf8');
    if (content.subarray(0, prefix.length).equals(prefix)) return content.subarray(prefix.length);
  }
  return undefined;
}
