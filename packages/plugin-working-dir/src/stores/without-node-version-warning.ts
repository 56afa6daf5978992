const nodeVersionWarningSwitch = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * The SDK's constructor warns on stderr, in seven lines, that its future releases
 * will need a newer Node; rtenv supports the Node of its `engines` field, so the
 * warning only alarms users (and breaks `-q`). The SDK reads this variable at
 * construction and then never warns again in the process; it is restored at once
 * so the commands rtenv launches do not inherit it.
 */
export function withoutNodeVersionWarning<T>(construct: () => T): T {
  const previous = process.env[nodeVersionWarningSwitch];
  process.env[nodeVersionWarningSwitch] = 'true';
  try {
    return construct();
  } finally {
    if (previous === undefined) delete process.env[nodeVersionWarningSwitch];
    else process.env[nodeVersionWarningSwitch] = previous;
  }
}
