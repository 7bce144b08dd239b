// Every example configuration the README points at must load.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@cutover/config';

const examples = join(__dirname, '..', 'examples');

it.each(readdirSync(examples).filter((f) => f.endsWith('.yaml')))('examples/%s is a valid cutover.yaml', (file) => {
  const config = loadConfig(join(examples, file));
  expect(Object.keys(config.services).length).toBeGreaterThan(0);
});
