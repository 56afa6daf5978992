// How sizes, durations and ages read to a person, in one place: `rtenv ls` and the other
// CLI tables, the agent's dashboard and plugin messages write them the same way.
// Dependency-free (no Node API either): the dashboard bundles it into its page through
// the `@runtime-env/plugin-api/format` export, which loads nothing else of plugin-api.
//
// One style: a number, a space, a unit (`512 B`, `1.5 KiB`, `12 ms`, `1.5 s`,
// `2 min 5 s`), binary multiples for bytes. Ages are a column's compact `3m ago`.

const byteUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `512 B`, `1.5 KiB`, `200 MiB`: one decimal below 10 of a unit, none above. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${byteUnits[unit]}`;
}

/** `12 ms`, `1.5 s`, `2 min 5 s`; `-` when there is no duration (an environment still being created). */
export function formatDuration(milliseconds: number | null): string {
  if (milliseconds === null) return '-';
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(1)} s`;
  const seconds = Math.round(milliseconds / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** `30s ago`, `3m ago`, `2h ago`, `5d ago`: enough to judge staleness without a wide column. */
export function formatAge(isoTime: string, now: Date | number = Date.now()): string {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const seconds = Math.max(0, Math.round((nowMs - Date.parse(isoTime)) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86_400)}d ago`;
}
