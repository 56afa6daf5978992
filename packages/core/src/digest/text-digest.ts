import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The SHA-256 of a short text, in hex: the names of the fast path's records, the
 * keys in them, the folder names of URIs. Computed in JavaScript rather than with `node:crypto`: a
 * cached `rtenv run` needs one digest of a few hundred bytes, and loading
 * `node:crypto` (about 30 internal modules) costs that run about 3 ms, far more
 * than hashing here. The library is bundled into the core's build. File
 * contents, which can be large, are digested with `node:crypto` (loaded-file.ts),
 * as are the engine's own digests, which no cached run needs.
 */
export function sha256HexOfText(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
