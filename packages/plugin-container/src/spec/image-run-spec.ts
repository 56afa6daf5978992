import type { ContainerSpec } from './container-schema.js';
import { formatImageReference, parseImageReference } from './image-reference.js';

/** What both fields come down to: an image and docker run options. */
export interface ImageRunSpec {
  image: string;
  runOptions: readonly string[];
}

/** The image in its canonical form (`busybox` → `busybox:latest`): a bare name would make the Engine pull every tag. */
export function imageRunSpecOf(spec: string | ContainerSpec): ImageRunSpec {
  return typeof spec === 'string' ? { image: canonicalImage(spec), runOptions: [] } : { image: canonicalImage(spec.image), runOptions: spec.run_options ?? [] };
}

function canonicalImage(image: string): string {
  const reference = parseImageReference(image);
  return typeof reference === 'string' ? image : formatImageReference(reference);
}
