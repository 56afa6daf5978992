export * from './agent-client.js';
export * from './agent-request-error.js';
export * from './server-sent-events.js';
export * from './wire-types.js';
export { HttpTransport, type TransportOptions } from './http-transport.js';
export * from './run-through-agent.js';
export * from './agent-connection.js';
