export type { WorkerDeps } from './deps';
export { startWorker, type StartWorkerOptions } from './main';
export { taskList } from './task-list';
