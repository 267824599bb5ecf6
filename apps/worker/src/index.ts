export type { WorkerDeps } from './deps';
export { type StartWorkerOptions, startWorker } from './main';
export { taskList } from './task-list';
