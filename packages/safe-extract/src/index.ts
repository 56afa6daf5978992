export { extractArchive, extractTarStreams, detectArchiveFormat, type ArchiveFormat, type ExtractArchiveOptions } from './extract-archive.js';
export type { ExtractionLimits, LinkTargetPolicy } from './extraction-guard.js';
export type { ExtractedEntry } from './extracted-entry.js';
export { resolveInsideRoot, type InsideRootResolution } from './resolve-inside-root.js';
export { UnsafeArchiveError } from './unsafe-archive-error.js';
export { ContainedRoot, OutsideRootError } from './contained-root.js';
