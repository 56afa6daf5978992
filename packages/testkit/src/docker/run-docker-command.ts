import { execFile } from 'node:child_process';

export interface DockerCommandResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs the `docker` client. The test kit drives the Engine through the CLI rather
 * than an SDK so plugin authors need nothing but the binary that `ensureDockerEngine` installs.
 */
export function runDockerCommand(args: readonly string[], options: { input?: Buffer | string; timeoutMs?: number } = {}): Promise<DockerCommandResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'docker',
      [...args],
      { maxBuffer: 256 * 1024 * 1024, timeout: options.timeoutMs ?? 120_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`docker ${args.join(' ')} failed: ${stderr.trim() || error.message}`, { cause: error }));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
