import type { SeedProgress } from '@trajectoire/demo-data';
import { SingleBar } from 'cli-progress';

/** A terminal progress bar for loading demo data: it starts on the first report and stops on the last. */
export function seedProgressBar(): SeedProgress {
  let bar: SingleBar | undefined;
  return (done, total, label) => {
    if (!bar) {
      bar = new SingleBar({ format: '  {bar} {value}/{total} {label}', hideCursor: true });
      bar.start(total, 0, { label });
    }
    bar.update(done, { label });
    if (done >= total) bar.stop();
  };
}
