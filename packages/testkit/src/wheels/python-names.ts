/** PEP 503 normalized project name: lower case, runs of `-`, `_`, `.` become one `-`. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The name as it appears in wheel file and `.dist-info` names (the binary distribution spec: lower case, `_` for separators). */
export function wheelNameComponent(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '_');
}

/** The importable package a fixture gets by default: `my-lib` becomes `my_lib`. */
export function defaultModuleName(name: string): string {
  return name.toLowerCase().replace(/[-.]+/g, '_');
}
