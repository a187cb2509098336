import * as path from 'path';

/** The schema folder: `COCO_SCHEMAS_DIR`, else `../shared/schemas` next to the project. */
export function schemasDir(): string {
  return path.resolve(process.env.COCO_SCHEMAS_DIR ?? path.join(__dirname, '..', '..', 'shared', 'schemas'));
}
