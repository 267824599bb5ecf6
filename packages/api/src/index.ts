export { type ApiContext, COOKIES, type CookieJar, type CookieName, type CookieOptions } from './context';
export { type AppRouter, appRouter, createCaller } from './root';
export type { ErrorData } from './trpc';
