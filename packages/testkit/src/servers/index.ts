export * from './git-http-server.js';
export * from './git-repository.js';
