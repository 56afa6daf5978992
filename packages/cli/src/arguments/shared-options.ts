// Options several commands share, spread into each command's `options`.

export const configOptions = {
  config: { type: 'string', valueName: 'FILE', description: 'rtenv.config.json to load (default: $RTENV_CONFIG, else the first-party plugins)' },
  'data-dir': { type: 'string', valueName: 'DIR', description: 'data directory (default: $RTENV_DATA_DIR, the config, else $XDG_STATE_HOME/rtenv)' },
} as const;

export const runtimeEnvOptions = {
  'runtime-env': { type: 'string', short: 'e', valueName: 'JSON', description: 'the runtime_env document as JSON' },
  'runtime-env-file': { type: 'string', short: 'f', valueName: 'FILE', description: 'read the runtime_env document from a JSON file ("-" for stdin)' },
} as const;

export const jsonOption = {
  json: { type: 'boolean', description: 'print machine-readable JSON on stdout' },
} as const;
