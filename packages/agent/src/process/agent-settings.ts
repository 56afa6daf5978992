import { z } from 'zod';
import { ConfigError } from '@runtime-env/core';
import { HEAP_MODES, type HeapMode } from './heap-mode.js';
import { DEFAULT_GC_INTERVAL_SECONDS, DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_GRACE_SECONDS } from '../agent-server-options.js';

/** The `agent` section of `rtenv.config.json`; flags override each field. */
export const agentSectionSchema = z.strictObject({
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65_535).optional(),
  tokenFile: z.string().min(1).optional(),
  addressFile: z.string().min(1).optional(),
  logFile: z.string().min(1).optional(),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  maxBodyBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .optional(),
  shutdownGraceSeconds: z.number().min(0).max(3600).optional(),
  gcIntervalSeconds: z.number().min(0).optional(),
  prewarmFile: z.string().min(1).optional(),
  heap: z.enum(HEAP_MODES).optional(),
});

export type AgentSection = z.output<typeof agentSectionSchema>;

export interface AgentSettings {
  host: string;
  port: number;
  tokenFile: string | undefined;
  addressFile: string | undefined;
  logFile: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  maxBodyBytes: number;
  shutdownGraceSeconds: number;
  gcIntervalSeconds: number;
  prewarmFile: string | undefined;
  heap: HeapMode;
}

/** Flags over the config file's `agent` section over the defaults. */
export function resolveAgentSettings(section: unknown, flags: Partial<AgentSection>, configPath: string | undefined): AgentSettings {
  const givenFlags = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  const base = section !== null && typeof section === 'object' ? section : {};
  const parsed = agentSectionSchema.safeParse({ ...base, ...givenFlags });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} (flag or "agent" section): ${issue.message}`).join('; ');
    throw new ConfigError('invalid_agent_settings', configPath ?? 'agent settings', problems, { hint: 'see "Settings" in the @runtime-env/agent README' });
  }
  const merged = parsed.data;
  return {
    host: merged.host ?? '127.0.0.1',
    port: merged.port ?? 0,
    tokenFile: merged.tokenFile,
    addressFile: merged.addressFile,
    logFile: merged.logFile,
    logLevel: merged.logLevel ?? 'info',
    maxBodyBytes: merged.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    shutdownGraceSeconds: merged.shutdownGraceSeconds ?? DEFAULT_SHUTDOWN_GRACE_SECONDS,
    gcIntervalSeconds: merged.gcIntervalSeconds ?? DEFAULT_GC_INTERVAL_SECONDS,
    prewarmFile: merged.prewarmFile,
    heap: merged.heap ?? 'compact',
  };
}
