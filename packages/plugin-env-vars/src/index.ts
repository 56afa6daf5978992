export { envVarsPlugin, envVarsPlugin as default } from './env-vars-plugin.js';
export { envVarsSchema, type EnvironmentVariables } from './env-vars-schema.js';
