import { fileURLToPath } from 'node:url';

/** The folder of the built page (index.html, app.js, style.css) that the agent serves at `/` and `/ui/`. */
export const dashboardDirectory: string = fileURLToPath(new URL('../dist/ui/', import.meta.url));

export type * from './api-types.js';
