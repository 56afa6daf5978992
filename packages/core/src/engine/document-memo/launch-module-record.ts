import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { DocumentMemoLaunchModule } from './document-memo-store.js';
import type { LoadedPlugin } from '../manager-types.js';

/**
 * What the document memo keeps about a launcher's `launchModule`, or undefined
 * when a light process cannot use it: no module, a file that cannot be read, or
 * options that do not come back equal from JSON (a Date, a function, a Map),
 * which the module would otherwise get in another shape than the plugin does.
 * Digests are computed once per module file and process.
 */
export class LaunchModuleRecorder {
  private readonly digests = new Map<string, string | undefined>();

  recordOf(loaded: LoadedPlugin): DocumentMemoLaunchModule | undefined {
    const url = loaded.launchModule;
    if (url === undefined) return undefined;
    const sha256 = this.digestOf(url);
    if (sha256 === undefined) return undefined;
    if (loaded.options === undefined) return { url, sha256 };
    const optionsJson = JSON.stringify(loaded.options);
    if (optionsJson === undefined || !isDeepStrictEqual(JSON.parse(optionsJson), loaded.options)) return undefined;
    return { url, sha256, optionsJson };
  }

  private digestOf(url: string): string | undefined {
    if (!this.digests.has(url)) {
      let digest: string | undefined;
      try {
        digest = createHash('sha256').update(readFileSync(fileURLToPath(url))).digest('hex');
      } catch {
        digest = undefined;
      }
      this.digests.set(url, digest);
    }
    return this.digests.get(url);
  }
}
