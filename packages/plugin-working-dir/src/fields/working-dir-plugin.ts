import path from 'node:path';
import { definePlugin, prependToPathList, ValidationError, type ValidationIssue } from '@runtime-env/plugin-api';
import { workingDirOptionsSchema } from '../plugin-options.js';
import { isGitSource } from '../sources/git-source.js';
import { sourceShapeIssue } from '../sources/source-shape.js';
import { formatKey } from '../uri/plugin-key.js';
import { excludesSchema, gitRevisionSchemas, workingDirSchema } from './field-schemas.js';
import { contentFolderName, materializePackage } from './materialize-package.js';
import { resolveSource } from './resolve-source.js';
import { expectStorePackageUse, releaseStorePackage, removeAbandonedPackages } from './store-package-lifetime.js';

const gitFields = ['git_branch', 'git_tag', 'git_commit'] as const;

export const workingDirPlugin = definePlugin({
  apiVersion: 2,
  name: 'working_dir',
  // Ray creates working_dir before every other plugin, so they can read its files.
  priority: 5,
  description: 'Runs the process in a folder: a local directory or archive, a remote .zip/.tar.gz, or a git commit',
  schema: workingDirSchema,
  companionFields: { excludes: excludesSchema, ...gitRevisionSchemas },
  options: workingDirOptionsSchema,

  validate(spec, { runtimeEnv }) {
    const given = gitFields.filter((field) => runtimeEnv[field] !== undefined);
    const issues: ValidationIssue[] = [];
    const shapeIssue = sourceShapeIssue(spec, 'working_dir', 'working_dir');
    if (shapeIssue) issues.push(shapeIssue);
    if (given.length > 0 && !isGitSource(spec)) {
      issues.push({
        code: 'git_revision_without_git',
        path: given[0]!,
        plugin: 'working_dir',
        message: `${given[0]} needs working_dir to be a git repository URL (https://host/repo.git)`,
      });
    }
    if (given.length > 1) {
      issues.push({
        code: 'conflicting_fields',
        path: given[1]!,
        plugin: 'working_dir',
        message: `give only one of ${gitFields.join(', ')} (got ${given.join(' and ')})`,
      });
    }
    if (issues.length > 0) throw new ValidationError(issues);
  },

  async hash(spec, ctx) {
    const reference = await resolveSource(spec, 'working_dir', 'working_dir', ctx);
    const key = formatKey(reference);
    await expectStorePackageUse(key, reference.location, ctx);
    return { keys: [key] };
  },

  create(_spec, ctx) {
    return materializePackage(ctx);
  },

  delete(_spec, ctx) {
    return releaseStorePackage(ctx);
  },

  recover(ctx) {
    return removeAbandonedPackages(ctx);
  },

  modifyContext(_spec, { uris, context, directoryOf }) {
    const directory = path.join(directoryOf(uris[0]!), contentFolderName);
    context.workingDirectory = directory;
    prependToPathList(context, 'PYTHONPATH', [directory]);
  },
});
