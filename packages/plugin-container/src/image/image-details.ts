import type { JsonObject } from '@runtime-env/plugin-api';

/** What `create` records about an image (kept in the database, read back by modifyContext and delete). */
export interface ImageDetails extends JsonObject {
  /** The reference the user wrote. */
  image: string;
  /** Immutable: what containers are started from, so a tag moving later does not change this environment. */
  runReference: string;
  imageId: string;
  imageSizeBytes: number;
  /** Only images this plugin pulled may be removed by garbage collection. */
  pulledByPlugin: boolean;
  /** The image's own variables, needed to put path prepends in front of the image's PATH. */
  imageEnvironment: Record<string, string>;
}

export function isImageDetails(value: unknown): value is ImageDetails {
  const details = value as Partial<ImageDetails> | undefined;
  return typeof details?.runReference === 'string' && typeof details.imageId === 'string' && typeof details.pulledByPlugin === 'boolean';
}

export function environmentFromImageConfig(variables: readonly string[] | undefined): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const entry of variables ?? []) {
    const equals = entry.indexOf('=');
    if (equals > 0) environment[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return environment;
}
