export { createApp } from './app';
export { DEFAULT_PORTAL_DIR, startServer, type StartServerOptions } from './main';
