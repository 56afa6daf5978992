// The store as one environment's creation sees it, and what linking from it gave.
// Its own module so the installers that use it do not import each other.
import type { EnvironmentIdentity } from './stored-entries.js';
import type { StoreLayout } from './store-layout.js';

export interface StoreAccess {
  layout: StoreLayout;
  environment: EnvironmentIdentity;
  venv: string;
  python: string;
}

export interface LinkedDistribution {
  name: string;
  /** Bytes of the entry's files; shared, so not this environment's own when `copiedFiles` is 0. */
  bytes: number;
  copiedFiles: number;
  /** This creation made the entry (the wheel installer unpacked it): its bytes count as this environment's, as for entries it stores. */
  storedHere?: boolean;
  /** The hard-linked files, relative to the venv: the size walk skips them when they are shared. */
  files?: readonly string[];
}
