import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PRIVATE_FILE_MODE } from '@runtime-env/core';

export interface AgentAddress {
  url: string;
  pid: number;
  startedAt: string;
}

export const ADDRESS_FILE_NAME = 'agent.json';

export function defaultAddressFile(dataDirectory: string): string {
  return path.join(dataDirectory, ADDRESS_FILE_NAME);
}

/**
 * Written whole or not at all (a reader polling for it never sees half a file),
 * and private as the rest of the data directory: it says where the agent listens.
 */
export async function writeAddressFile(filePath: string, address: AgentAddress): Promise<void> {
  const temporary = `${filePath}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(address)}\n`, { mode: PRIVATE_FILE_MODE });
  // A temporary file left by an earlier process of this pid keeps its old mode through writeFile.
  await chmod(temporary, PRIVATE_FILE_MODE);
  await rename(temporary, filePath);
}

export async function removeAddressFile(filePath: string): Promise<void> {
  await rm(filePath, { force: true });
}
