import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type Dockerode from 'dockerode';

const require = createRequire(import.meta.url);

/**
 * Loads dockerode with two of its modules deferred until first called: docker-modem's
 * SSH transport (ssh2) and dockerode's BuildKit session (gRPC). Loaded eagerly they
 * cost about 270 ms of every `rtenv run` in an image, for `ssh://` engines and
 * image builds that most launches never use. A deferred module loads for real on
 * its first call, so both features still work. When the files are not where this
 * dockerode version keeps them, dockerode loads as usual.
 */
export function loadDockerode(): typeof Dockerode {
  try {
    const dockerodeMain = require.resolve('dockerode');
    const modemMain = createRequire(dockerodeMain).resolve('docker-modem');
    deferModule(join(dirname(modemMain), 'ssh.js'));
    deferModule(join(dirname(dockerodeMain), 'session.js'));
  } catch {
    // Layout changed: nothing deferred, nothing broken.
  }
  return require('dockerode') as typeof Dockerode;
}

function deferModule(path: string): void {
  if (!existsSync(path) || require.cache[path]) return;
  let real: ((...args: unknown[]) => unknown) | undefined;
  const placeholder = new Module(path);
  placeholder.filename = path;
  placeholder.loaded = true;
  placeholder.exports = function deferred(this: unknown, ...args: unknown[]): unknown {
    if (!real) {
      delete require.cache[path];
      real = require(path) as (...args: unknown[]) => unknown;
    }
    return real.apply(this, args);
  };
  require.cache[path] = placeholder;
}
