import type { SolvedCondaPackage } from './solved-package.js';

/**
 * The order conda links packages in: every package after the packages it
 * depends on, ties by name. It decides which package wins a path two of them
 * ship (the later one), and a package's links are in place before the packages
 * that install files under them, as they expect. A dependency cycle (which
 * conda tolerates) is broken at the alphabetically first package left.
 */
export function linkOrder(packages: readonly SolvedCondaPackage[]): SolvedCondaPackage[] {
  const byName = new Map(packages.map((solved) => [solved.name, solved]));
  const ordered: SolvedCondaPackage[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (solved: SolvedCondaPackage): void => {
    if (placed.has(solved.name) || visiting.has(solved.name)) return;
    visiting.add(solved.name);
    const dependencies = solved.depends.map((spec) => spec.trim().split(/[\s=<>!~,[]/)[0] ?? '').sort();
    for (const name of dependencies) {
      const dependency = byName.get(name);
      if (dependency) place(dependency);
    }
    visiting.delete(solved.name);
    placed.add(solved.name);
    ordered.push(solved);
  };
  for (const solved of [...packages].sort((left, right) => left.name.localeCompare(right.name))) place(solved);
  return ordered;
}
