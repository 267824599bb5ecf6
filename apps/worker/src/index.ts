export type { WorkerDeps } from './deps';
export { type StartWorkerOptions, startWorker } from './main';
export { WORKER_NODE_FLAGS } from './node-flags';
export { taskList } from './task-list';
