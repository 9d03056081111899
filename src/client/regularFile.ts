// Whether a path names a regular file, for paths that come from data (profiles) rather than the
// user: a device, a FIFO or a socket is never opened, since reading one can block or never end.
import { promises as fs } from 'fs';

/** True when a regular file (after following symbolic links) is at path. stat never opens it. */
export async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isFile();
  } catch {
    return false;
  }
}
