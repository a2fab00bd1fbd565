// Entry of the local pool's worker threads (piscina loads this file): lets the worker load
// TypeScript through tsx, as the main thread does, and hands piscina the task of point-task.ts.
import { register } from 'tsx/esm/api';

register();
const { default: pointTask } = await import('./point-task.ts');
export default pointTask;
