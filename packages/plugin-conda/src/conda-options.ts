import { z } from 'zod';

/** The plugin's options in the runtime-env config file. */
export const condaOptionsSchema = z
  .strictObject({
    /**
     * `auto` uses a conda-compatible executable when one is found and the embedded
     * solver and installer otherwise; `embedded` and `external` force one.
     */
    engine: z.enum(['auto', 'embedded', 'external']).default('auto'),
    /** Path of `conda`, `mamba` or `micromamba`; otherwise `CONDA_EXE`, `MAMBA_EXE`, then PATH. */
    executable: z.string().optional(),
    /** Channels used when an environment names none (conda's `channels` setting). */
    defaultChannels: z.array(z.string().min(1)).default(['conda-forge']),
    /** Where a channel given by name lives (conda's `channel_alias`). */
    channelAlias: z.string().url().default('https://conda.anaconda.org'),
    /** Folders searched for environments given by name when no executable is found. */
    environmentDirectories: z.array(z.string()).optional(),
    /** Simultaneous package downloads of the embedded engine. */
    downloadConcurrency: z.number().int().min(1).max(32).default(4),
  })
  .prefault({});

export type CondaOptions = z.output<typeof condaOptionsSchema>;
