import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import YAML from 'yaml';
import { buildAsyncApi } from './asyncapi';
import { Messages, subjectTemplate, type MessageType } from './messages';

const file = join(__dirname, '..', '..', '..', 'docs', 'asyncapi.yaml');
const text = readFileSync(file, 'utf8');

describe('docs/asyncapi.yaml', () => {
  it('is a valid AsyncAPI 3 document', async () => {
    const { document, diagnostics } = await new Parser().parse(text);
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  });

  it('names exactly the subjects the code defines', async () => {
    const { document } = await new Parser().parse(text);
    const documented = document!.channels().all().map((c) => c.address()).sort();
    const defined = (Object.values(Messages) as MessageType[]).map(subjectTemplate).sort();
    expect(documented).toEqual(defined);
  });

  it('carries the same payload schemas as the code (regenerate with npm run catalog)', () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(YAML.parse(text)).toEqual(JSON.parse(JSON.stringify(buildAsyncApi(version))));
  });
});
