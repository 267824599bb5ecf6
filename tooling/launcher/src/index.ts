export { type LauncherEnv, readLauncherEnv } from './env';
export { type RunningSystem, type SystemOptions, startSystem } from './system';
