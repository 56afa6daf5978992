/** The user's match spec that names `packageName`, for `requested_spec` in conda-meta. */
export function requestedSpecFor(packageName: string, matchSpecs: readonly string[]): string | undefined {
  return matchSpecs.find((spec) => {
    const name = /^\s*(?:[^:\s]+::)?([A-Za-z0-9_.-]+)/.exec(spec)?.[1];
    return name?.toLowerCase() === packageName.toLowerCase();
  });
}
