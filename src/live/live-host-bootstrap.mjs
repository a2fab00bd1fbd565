// Entry of a live host's thread (live-host.ts): lets the worker load TypeScript through tsx, as
// the main thread does, then runs the host.
import { register } from 'tsx/esm/api';

register();
await import('./live-host-worker.ts');
