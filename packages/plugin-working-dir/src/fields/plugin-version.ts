/** Mixed into every URI: a new plugin version never serves what an older one built. */
export const pluginVersion = '0.1.0';
