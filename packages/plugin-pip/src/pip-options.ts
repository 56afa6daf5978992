import { z } from 'zod';

/** The plugin's options in rtenv.config.json (`["@runtime-env/plugin-pip", { ... }]`). */
export const pipOptionsSchema = z
  .object({
    /** The interpreter every environment is based on: a command on PATH or a path. */
    python: z.string().min(1).default('python3'),
    /** Whether environments see the base interpreter's site-packages (Ray: yes). */
    systemSitePackages: z.boolean().default(true),
    /**
     * pip's cache: `true` shares one under the plugin's directory, a string names the
     * directory, `false` turns it off (Ray's `--no-cache-dir`).
     */
    pipCache: z.union([z.boolean(), z.string().min(1)]).default(true),
    /**
     * Keep each installed distribution once under the plugin's directory and
     * hard-link it into every environment that needs the same wheel.
     */
    distributionStore: z.boolean().default(true),
    /**
     * Who installs what pip resolved: `rtenv`, the plugin's own wheel installer
     * (unpack once into the store, hard-link; needs `distributionStore`), or
     * `pip` (pip installs, the store links what it already holds).
     */
    installer: z.enum(['rtenv', 'pip']).default('rtenv'),
  })
  .strict();

export type PipOptions = z.output<typeof pipOptionsSchema>;
