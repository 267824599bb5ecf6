export { createApp } from './app';
export { DEFAULT_PORTAL_DIR, type StartServerOptions, startServer } from './start';
