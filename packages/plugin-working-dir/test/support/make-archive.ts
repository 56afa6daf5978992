import { execFileSync } from 'node:child_process';

const script = `
import io, json, sys, tarfile, zipfile
request = json.load(sys.stdin)
buffer = io.BytesIO()
if request["format"] == "zip":
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in request["files"].items():
            archive.writestr(name, content)
else:
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in request["files"].items():
            data = content.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
sys.stdout.buffer.write(buffer.getvalue())
`;

/** Builds a .zip or .tar.gz in memory with Python's standard library, an independent archiver. */
export function makeArchive(format: 'zip' | 'tar.gz', files: Record<string, string>): Buffer {
  return execFileSync('python3', ['-c', script], { input: JSON.stringify({ format, files }) });
}
