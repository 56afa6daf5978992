/**
 * Docker's image reference grammar (`[registry[:port]/]path[:tag][@digest]`, or a
 * bare image id), checked up front so a typo is a validation error naming the
 * field rather than an Engine error at launch.
 */
export interface ImageReference {
  /** `127.0.0.1:5000`, `ghcr.io`; absent for Docker Hub short names. */
  registry?: string;
  /** `library/busybox`, `team/app`. Empty for a bare image id. */
  repository: string;
  tag?: string;
  /** `sha256:<hex>`. For a bare image id this is the id. */
  digest?: string;
  /** True for `sha256:<64 hex>` alone: a local image id, never pulled. */
  isImageId: boolean;
}

const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;
const digestPattern = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const imageIdPattern = /^sha256:[0-9a-f]{64}$/;
const registryPattern = /^(?:localhost|[a-zA-Z0-9.-]+\.[a-zA-Z0-9.-]+|[a-zA-Z0-9.-]+:[0-9]+|\[[0-9a-fA-F:]+\](?::[0-9]+)?)(?::[0-9]+)?$/;

/** Parses a reference; returns a sentence saying what is wrong when it is not one. */
export function parseImageReference(text: string): ImageReference | string {
  if (text === '') return 'the image name is empty; give one such as "registry.example.com/team/app:1.2" or "busybox:1.36"';
  if (/\s/.test(text)) return `image ${JSON.stringify(text)} contains white space`;
  if (imageIdPattern.test(text)) return { repository: '', digest: text, isImageId: true };

  const [nameAndTag = '', digest, extra] = text.split('@');
  if (extra !== undefined) return `image ${JSON.stringify(text)} has more than one "@"`;
  if (digest !== undefined && !digestPattern.test(digest)) {
    return `image ${JSON.stringify(text)} has an invalid digest "${digest}"; expected "sha256:" and 64 hex digits`;
  }
  const lastSlash = nameAndTag.lastIndexOf('/');
  const tagColon = nameAndTag.indexOf(':', lastSlash + 1);
  const name = tagColon === -1 ? nameAndTag : nameAndTag.slice(0, tagColon);
  const tag = tagColon === -1 ? undefined : nameAndTag.slice(tagColon + 1);
  if (tag !== undefined && !tagPattern.test(tag)) {
    return `image ${JSON.stringify(text)} has an invalid tag "${tag}"; a tag is up to 128 letters, digits, "_", "." and "-"`;
  }

  const components = name.split('/');
  const first = components[0] ?? '';
  const hasRegistry = components.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['));
  if (hasRegistry && !registryPattern.test(first)) return `image ${JSON.stringify(text)} has an invalid registry "${first}"`;
  const pathComponents = hasRegistry ? components.slice(1) : components;
  const badComponent = pathComponents.find((component) => !pathComponent.test(component));
  if (badComponent !== undefined) {
    return `image ${JSON.stringify(text)} has an invalid name part "${badComponent}"; names are lower-case letters, digits and the separators ".", "_", "__" and "-"`;
  }
  return {
    ...(hasRegistry ? { registry: first } : {}),
    repository: pathComponents.join('/'),
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
    isImageId: false,
  };
}

/** `registry/repository`, the name the Engine lists in `RepoDigests`. */
export function repositoryName(reference: ImageReference): string {
  return reference.registry ? `${reference.registry}/${reference.repository}` : reference.repository;
}

/**
 * The canonical text: `:latest` added when neither tag nor digest is given, as
 * Docker does, so `busybox` and `busybox:latest` are one environment.
 */
export function formatImageReference(reference: ImageReference): string {
  if (reference.isImageId) return reference.digest ?? '';
  const tag = reference.tag ?? (reference.digest ? undefined : 'latest');
  return `${repositoryName(reference)}${tag ? `:${tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}

/** The host whose credentials apply: Docker Hub's when the name has no registry part. */
export function registryHostOf(reference: ImageReference): string {
  return reference.registry ?? 'docker.io';
}
