// Tarballs of workspace packages as they would be published: `pnpm pack` turns each
// `workspace:` range into the version, so an install from them sees what npm users get.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeResult, runCommand } from './run-command.js';

const packagesDirectory = fileURLToPath(new URL('../../../', import.meta.url));

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function workspaceManifests(): Map<string, { folder: string; manifest: Manifest }> {
  const byName = new Map<string, { folder: string; manifest: Manifest }>();
  for (const name of readdirSync(packagesDirectory)) {
    const manifestPath = path.join(packagesDirectory, name, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    byName.set(manifest.name, { folder: path.join(packagesDirectory, name), manifest });
  }
  return byName;
}

/** `roots` and every workspace package they need when installed (dependencies and peers, transitively). */
export function withWorkspaceDependencies(roots: readonly string[]): string[] {
  const manifests = workspaceManifests();
  const needed = new Set<string>();
  const visit = (name: string): void => {
    if (needed.has(name)) return;
    const entry = manifests.get(name);
    if (!entry) throw new Error(`${name} is not a package of this workspace`);
    needed.add(name);
    const ranges = { ...entry.manifest.dependencies, ...entry.manifest.peerDependencies };
    for (const [dependency, range] of Object.entries(ranges)) if (range.startsWith('workspace:')) visit(dependency);
  };
  roots.forEach(visit);
  return [...needed].sort();
}

/** Packs each package into `destination`; returns package name → tarball path. The packages must be built. */
export async function packWorkspacePackages(names: readonly string[], destination: string): Promise<Map<string, string>> {
  const manifests = workspaceManifests();
  const tarballs = new Map<string, string>();
  for (const name of names) {
    const { folder } = manifests.get(name)!;
    if (!existsSync(path.join(folder, 'dist'))) throw new Error(`${name} is not built: run \`pnpm exec turbo run build\` first`);
    const result = await runCommand('pnpm', ['pack', '--pack-destination', destination, '--json'], { cwd: folder, env: process.env });
    if (result.code !== 0) throw new Error(describeResult(`pnpm pack in ${folder}`, result));
    tarballs.set(name, (JSON.parse(result.stdout) as { filename: string }).filename);
  }
  return tarballs;
}
