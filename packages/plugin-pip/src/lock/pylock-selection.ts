import { execFile } from 'node:child_process';
import type { ResolvedDistribution } from '../store/resolution-report.js';
import type { PylockPackage } from './pylock-read.js';

// pip's own vendored `packaging` decides, as pip would: markers, Requires-Python, and the interpreter's tags in preference order.
const selectScript = `
import json, sys
from pip._vendor.packaging.markers import Marker
from pip._vendor.packaging.specifiers import SpecifierSet
from pip._vendor.packaging.tags import sys_tags
from pip._vendor.packaging.utils import parse_wheel_filename
packages = json.load(sys.stdin)
rank = {tag: index for index, tag in enumerate(sys_tags())}
python = "%d.%d.%d" % sys.version_info[:3]
chosen, unusable = [], []
for package in packages:
    if package.get("marker") and not Marker(package["marker"]).evaluate():
        continue
    if package.get("requiresPython") and python not in SpecifierSet(package["requiresPython"]):
        unusable.append("%s==%s needs Python %s" % (package["name"], package["version"], package["requiresPython"]))
        continue
    best = None
    for wheel in package["wheels"]:
        try:
            tags = parse_wheel_filename(wheel["name"])[3]
        except Exception:
            continue
        score = min((rank[tag] for tag in tags if tag in rank), default=None)
        if score is not None and (best is None or score < best[0]):
            best = (score, wheel)
    if best is not None:
        chosen.append({"name": package["name"], "version": package["version"], "url": best[1]["url"], "sha256": best[1]["sha256"], "isWheel": True})
    elif package.get("sdist"):
        chosen.append({"name": package["name"], "version": package["version"], "url": package["sdist"]["url"], "sha256": package["sdist"]["sha256"], "isWheel": False})
    else:
        unusable.append("%s==%s has no wheel for this interpreter (%s) and no sdist" % (package["name"], package["version"], next(iter(sys_tags()))))
print(json.dumps({"chosen": chosen, "unusable": unusable}))
`;

/**
 * What the lock installs on this interpreter: the packages whose markers hold,
 * each with its most specific compatible wheel (or its sdist), as the
 * resolution pip would otherwise have produced. Run with the base interpreter,
 * whose pip provides `packaging`; rejects with every package that cannot be
 * installed here named.
 */
export function selectFromPylock(python: string, packages: readonly PylockPackage[], signal: AbortSignal): Promise<ResolvedDistribution[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      python,
      ['-c', selectScript],
      { signal, env: { ...process.env, PYTHONPATH: '' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`could not match the lock against ${python}: ${stderr.trim().split('\n').pop() ?? error.message}`));
          return;
        }
        const { chosen, unusable } = JSON.parse(stdout) as {
          chosen: { name: string; version: string; url: string; sha256: string; isWheel: boolean }[];
          unusable: string[];
        };
        if (unusable.length > 0) {
          reject(new Error(`the lock cannot be installed on this interpreter: ${unusable.join('; ')}`));
          return;
        }
        // Every locked package counts as requested: installing the lock file names each of them.
        resolve(chosen.map((item) => ({ ...item, isDirect: false, requested: true })));
      },
    );
    child.stdin?.end(JSON.stringify(packages));
  });
}
