import { resolve } from 'node:path';

/** The repository's root directory (where package.json is), however a tool is started. */
export const PROJECT_ROOT = resolve(__dirname, '..');
