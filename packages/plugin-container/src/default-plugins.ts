import { createContainerPlugins } from './container-plugins.js';

/** The two fields this package owns, each making its dockerode client from the options on first use. */
export const [imageUriPlugin, containerPlugin] = createContainerPlugins();

/** The package's default export: the CLI and config loader accept a list of plugins. */
export const containerPlugins = [imageUriPlugin, containerPlugin];
