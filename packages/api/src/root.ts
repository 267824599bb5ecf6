import { accountsRouter } from './routers/accounts';
import { authRouter } from './routers/auth';
import { habilitationsRouter } from './routers/habilitations';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  accounts: accountsRouter,
  habilitations: habilitationsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
