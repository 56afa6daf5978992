import { buildWheel, startPythonIndex, type BuiltWheel, type PythonIndex } from '@runtime-env/testkit';

/**
 * The fixture packages the tests install: two major versions of one library (the
 * seed's first scenario), an app with a console script that depends on the new
 * one, and a package whose declared dependency is missing (for `pip check`).
 */
export function fixtureWheels(): Promise<BuiltWheel[]> {
  return Promise.all([
    buildWheel({ name: 'fixture-lib', version: '1.0.0' }),
    buildWheel({ name: 'fixture-lib', version: '2.0.0' }),
    buildWheel({ name: 'fixture-app', version: '1.0.0', requires: ['fixture-lib>=2'], consoleScripts: { 'fixture-app': 'fixture_app:main' } }),
    buildWheel({ name: 'needs-missing', version: '1.0.0', requires: ['fixture-lib>=3'] }),
    buildWheel({ name: 'slow-package', version: '1.0.0' }),
  ]);
}

export async function startFixtureIndex(): Promise<PythonIndex> {
  const index = await startPythonIndex({ files: await fixtureWheels() });
  // Its files never arrive: creating an environment with it hangs until aborted.
  index.stall('slow-package');
  return index;
}
