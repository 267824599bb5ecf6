export { readLauncherEnv, type LauncherEnv } from './env';
export { startSystem, type RunningSystem, type SystemOptions } from './system';
