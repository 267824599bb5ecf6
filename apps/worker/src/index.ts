export type { WorkerDeps } from './deps';
export { WORKER_TUNING_ENV, workerTuning } from './env';
export { type StartWorkerOptions, startWorker } from './main';
export { WORKER_NODE_FLAGS } from './node-flags';
export { taskList } from './task-list';
