import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface AgentAddress {
  url: string;
  pid: number;
  startedAt: string;
}

export const ADDRESS_FILE_NAME = 'agent.json';

export function defaultAddressFile(dataDirectory: string): string {
  return path.join(dataDirectory, ADDRESS_FILE_NAME);
}

/** Written whole or not at all (a reader polling for it never sees half a file). */
export async function writeAddressFile(filePath: string, address: AgentAddress): Promise<void> {
  const temporary = `${filePath}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(address)}\n`, { mode: 0o644 });
  await rename(temporary, filePath);
}

export async function removeAddressFile(filePath: string): Promise<void> {
  await rm(filePath, { force: true });
}
