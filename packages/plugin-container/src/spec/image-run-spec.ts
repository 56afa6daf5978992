import type { ContainerSpec } from './container-schema.js';

/** What both fields come down to: an image and docker run options. */
export interface ImageRunSpec {
  image: string;
  runOptions: readonly string[];
}

export function imageRunSpecOf(spec: string | ContainerSpec): ImageRunSpec {
  return typeof spec === 'string' ? { image: spec, runOptions: [] } : { image: spec.image, runOptions: spec.run_options };
}
