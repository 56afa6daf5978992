/**
 * URIs name the image by something immutable: its manifest digest when it came
 * from a registry (`<plugin>://<version>/registry/repo@sha256:...`), its image id
 * when it exists only locally (`<plugin>://<version>/sha256:...`). The plugin
 * version is in the URI so a new version never reuses an old one's record.
 */
export function imageUri(pluginName: string, version: string, immutableReference: string): string {
  return `${pluginName}://${version}/${immutableReference}`;
}

/** The immutable reference back from a URI this plugin made. */
export function immutableReferenceOf(uri: string): string {
  const match = /^[^:]+:\/\/[^/]+\/(.+)$/.exec(uri);
  if (!match?.[1]) throw new Error(`"${uri}" is not a URI of the container plugins`);
  return match[1];
}
