import { accountsRouter } from './routers/accounts';
import { authRouter } from './routers/auth';
import { habilitationsRouter } from './routers/habilitations';
import { rorSyncRouter } from './routers/ror-sync';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  accounts: accountsRouter,
  habilitations: habilitationsRouter,
  rorSync: rorSyncRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
