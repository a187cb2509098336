/**
 * `npm run schema`: writes pattern.schema.json (editor completion for pattern.yaml) from the zod schema.
 * A test fails when the committed file is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { patternJsonSchema } from '../lib/config/json-schema';

const file = path.resolve(__dirname, '..', 'pattern.schema.json');
fs.writeFileSync(file, patternJsonSchema());
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
