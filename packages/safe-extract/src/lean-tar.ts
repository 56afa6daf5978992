/**
 * The lean reader of uncompressed POSIX tars, for tests of a packer that writes
 * for it (the working_dir plugin's): which archives it reads itself and which it
 * hands to the full parser. Extraction itself goes through `extractArchive`.
 */
export { ExtractionGuard } from './extraction-guard.js';
export { extractPlainTar, FullTarParserNeeded } from './extract-plain-tar.js';
