/**
 * What makes a fetched package the one the URI was computed for:
 * - `tree`: our own package, named after the digest of its files (checked while extracting);
 * - `sha256`: the digest of the archive's bytes (checked while downloading);
 * - `etag` / `version`: what the server said the object was (sent as a precondition);
 * - `commit`: the git commit a branch or tag resolved to.
 */
export type IdentityKind = 'tree' | 'sha256' | 'etag' | 'version' | 'commit';

export interface PackageReference {
  /** Where the bytes are: `file:///…`, `s3://…`, `https://…`, or `git+https://…`. */
  location: string;
  identity: { kind: IdentityKind; value: string };
}

/**
 * The key of a package: `<location>#<kind>=<value>`, readable in `rtenv ls` (the
 * core makes it `working_dir://<package>@<version>/<key>`), naming the identity of
 * the content, not only its location (Ray issues 41827, 47488). `create` and
 * `delete` read the package back from it.
 */
export function formatKey(reference: PackageReference): string {
  return `${reference.location}#${reference.identity.kind}=${encodeURIComponent(reference.identity.value)}`;
}

export function parseKey(key: string): PackageReference {
  const match = /^(.+)#(tree|sha256|etag|version|commit)=([^#]*)$/.exec(key);
  if (!match) throw new Error(`"${key}" is not the key of a working_dir or py_modules package`);
  const [, location, kind, value] = match as unknown as [string, string, IdentityKind, string];
  return { location, identity: { kind, value: decodeURIComponent(value) } };
}

/**
 * Objects our stores hold carry their digest in their name and are extracted as
 * they are (no top-level folder unwrapping): `pkg_<tree digest>.tar[.gz]` from
 * packing a folder, `archive_<sha256 of the bytes>.zip|.tar.gz` or
 * `archive_<sha256>/<wheel file name>` from uploading a local file as it is.
 */
export function storeObjectIdentity(location: string): PackageReference['identity'] | undefined {
  const packed = /\/pkg_([0-9a-f]{64})\.tar(?:\.gz)?$/.exec(location);
  if (packed) return { kind: 'tree', value: packed[1]! };
  const uploaded = /\/archive_([0-9a-f]{64})(?:\.zip|\.tar\.gz|\/[^/]+\.whl)$/.exec(location);
  if (uploaded) return { kind: 'sha256', value: uploaded[1]! };
  return undefined;
}
