import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** What an environment holds, as pip and `importlib.metadata` see it, with every RECORD hash checked against the file. */
export interface InstalledState {
  list: { name: string; version: string }[];
  check: string;
  distributions: Record<string, { files: string[]; installer: string; requested: boolean; recordMismatches: string[]; directUrl: boolean }>;
}

const observe = `
import base64, hashlib, json, os, sys
from importlib import metadata
out = {}
for dist in metadata.distributions(path=[p for p in sys.path if p.startswith(sys.prefix) and p.endswith("site-packages")]):
    name = dist.metadata["Name"].lower().replace("_", "-").replace(".", "-")
    files = []
    mismatches = []
    for f in dist.files or []:
        path = str(f)
        files.append(path)
        if f.hash is None:
            continue
        located = f.locate()
        try:
            data = open(located, "rb").read()
        except OSError:
            mismatches.append(path + " (missing)")
            continue
        digest = base64.urlsafe_b64encode(hashlib.new(f.hash.mode, data).digest()).rstrip(b"=").decode()
        if digest != f.hash.value or (f.size is not None and f.size != len(data)):
            mismatches.append(path)
    out[name] = {"files": sorted(files), "installer": (dist.read_text("INSTALLER") or "").strip(),
                 "requested": dist.read_text("REQUESTED") is not None, "recordMismatches": mismatches,
                 "directUrl": dist.read_text("direct_url.json") is not None}
print(json.dumps(out))
`;

/** pip's own view (`pip list`, `pip check`) through the base interpreter's pip pointed at the venv, plus `importlib.metadata`. */
export function installedState(venv: string): InstalledState {
  const python = join(venv, 'bin', 'python');
  const pip = (args: string[]): string => {
    try {
      return execFileSync('python3', ['-m', 'pip', '--python', python, ...args], {
        encoding: 'utf8',
        env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' },
      });
    } catch (error) {
      return `${(error as { stdout?: string }).stdout ?? ''}${(error as Error).message}`;
    }
  };
  const list = (JSON.parse(pip(['list', '--format', 'json'])) as { name: string; version: string }[])
    .map(({ name, version }) => ({ name: name.toLowerCase().replace(/[._]/g, '-'), version }))
    .sort((left, right) => left.name.localeCompare(right.name));
  return { list, check: pip(['check']).trim(), distributions: JSON.parse(execFileSync(python, ['-c', observe], { encoding: 'utf8' })) };
}
