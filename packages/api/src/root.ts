import { accountsRouter } from './routers/accounts';
import { authRouter } from './routers/auth';
import { directoryRouter } from './routers/directory';
import { habilitationsRouter } from './routers/habilitations';
import { rorSyncRouter } from './routers/ror-sync';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  accounts: accountsRouter,
  habilitations: habilitationsRouter,
  directory: directoryRouter,
  rorSync: rorSyncRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
