/**
 * Makes pip ignore this machine's configuration (its local indexes, find-links and
 * constraints) so a test sees only the index it serves itself. Called at the top
 * of each hermetic test file; each file runs in its own process.
 */
export function isolatePipFromMachineConfig(): void {
  for (const name of Object.keys(process.env)) if (name.startsWith('PIP_')) delete process.env[name];
  process.env.PIP_CONFIG_FILE = '/dev/null';
  // pip's default of 5 retries with backoff would make the unreachable-index case take seconds for nothing.
  process.env.PIP_RETRIES = '0';
  process.env.PIP_DEFAULT_TIMEOUT = '15';
}
