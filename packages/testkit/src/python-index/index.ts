export * from './python-index-server.js';
export { projectPage, rootPage, type IndexedFile } from './simple-index-pages.js';
