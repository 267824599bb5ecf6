import { config } from 'zod';

// zod probes `new Function` to compile fast parsers; our CSP forbids eval, and the browser
// reports that probe as a violation even though zod recovers. Imported first, so the shared
// schemas from @trajectoire/domain are built without it.
config({ jitless: true });
