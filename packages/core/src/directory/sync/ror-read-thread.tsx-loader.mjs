// The reading thread from its TypeScript source (as `npm start` runs the worker through tsx): a
// thread does not inherit the process's `--import tsx`, so it registers tsx itself.
import { register } from 'tsx/esm/api';

register();
await import('./ror-read-thread.ts');
