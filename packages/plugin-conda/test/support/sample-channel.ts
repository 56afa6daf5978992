import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildCondaChannel,
  ensureCondaChannelBuildTools,
  fillerCondaPackages,
  sampleCondaPackages,
  serveCondaChannel,
  type CondaChannelPackage,
  type ServedCondaChannel,
} from '@runtime-env/testkit';

export interface SampleChannel {
  url: string;
  served: ServedCondaChannel;
  directory: string;
  close(): Promise<void>;
}

/**
 * The test kit's sample channel (text and binary placeholders, both archive
 * formats, noarch python with an entry point, python, pip) plus one 1 MiB
 * package (`filler-0`) so hardlink savings are large enough to measure.
 */
export async function startSampleChannel(
  options: { extra?: CondaChannelPackage[]; stallArchives?: boolean; mutate?: (packages: CondaChannelPackage[]) => void } = {},
): Promise<SampleChannel> {
  ensureCondaChannelBuildTools();
  const directory = await mkdtemp(join(tmpdir(), 'plugin-conda-channel-'));
  const packages = [...(await sampleCondaPackages()), ...fillerCondaPackages(1, 1024 * 1024), ...(options.extra ?? [])];
  options.mutate?.(packages);
  await buildCondaChannel(directory, packages);
  const served = await serveCondaChannel(directory, { stallArchives: options.stallArchives ?? false });
  return {
    url: served.url,
    served,
    directory,
    close: async () => {
      await served.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
