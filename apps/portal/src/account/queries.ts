import { query } from '@solidjs/router';
import { trpc } from '../lib/trpc';

/** « Mon compte »: details, code channel, password expiry, habilitations and référents. */
export const getMyAccount = query(() => trpc.accounts.me.query(), 'my-account');
