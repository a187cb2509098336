/** Path arithmetic shared by the commands that write files. */
import * as path from 'path';

/**
 * True when `child` is `parent` or lies below it (compare physical paths when symlinks matter). A folder
 * whose name starts with two dots (`..cache`) is inside; only `..` itself and what lies above are not.
 */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
