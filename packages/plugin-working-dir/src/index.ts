import { pyModulesPlugin } from './fields/py-modules-plugin.js';
import { workingDirPlugin } from './fields/working-dir-plugin.js';

export { workingDirPlugin } from './fields/working-dir-plugin.js';
export { pyModulesPlugin } from './fields/py-modules-plugin.js';
export { packForCommand, listFilesForPackCommand, type PackCommandInput } from './packing/pack-for-command.js';
export { packDirectory, packSingleFile, listPackageFiles } from './packing/pack-directory.js';
export type { PackDirectoryOptions, PackResult, PackSelection } from './packing/pack-options.js';
export {
  extractArchive,
  detectArchiveFormat,
  UnsafeArchiveError,
  type ArchiveFormat,
  type ExtractArchiveOptions,
  type ExtractionLimits,
} from '@runtime-env/safe-extract';
export { ExclusionRules, type ExclusionSettings } from './exclusion/exclusion-rules.js';
export { openPackageStore } from './stores/open-package-store.js';
export { LocalPackageStore } from './stores/local-package-store.js';
export { S3PackageStore } from './stores/s3-package-store.js';
export type { PackageStore } from './stores/package-store.js';
export { workingDirOptionsSchema, parseWorkingDirOptions, rayDefaultExcludes, type WorkingDirOptions } from './plugin-options.js';
export { formatKey, parseKey, type PackageReference } from './uri/plugin-key.js';
export { PackageTooLargeError, UnsafeGitTreeError } from './working-dir-errors.js';

/** The plugin pack: `working_dir` (with `excludes` and the git fields) and `py_modules`. */
export default [workingDirPlugin, pyModulesPlugin];
