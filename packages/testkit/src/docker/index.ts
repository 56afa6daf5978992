export * from './ensure-docker-engine.js';
export * from './busybox-image.js';
export * from './image-registry.js';
export * from './run-docker-command.js';
