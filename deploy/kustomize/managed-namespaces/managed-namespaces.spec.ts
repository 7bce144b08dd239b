// The shipped managed namespaces are exactly those base/cutover.yaml's services need, with
// the RoleBinding that lets Cutover work in each: a service added to the config without
// its namespaces here would fail at its first release with 403 Forbidden.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { kubernetesNames, parseConfig } from '@cutover/config';
import { managedNamespaceObjects } from './render';

const read = (file: string) => readFileSync(join(__dirname, file), 'utf8');

it('holds one Namespace and one RoleBinding per namespace of every service in base/cutover.yaml', () => {
  const config = parseConfig(read('../base/cutover.yaml'), join(__dirname, '../base/cutover.yaml'));
  if (config.runtime.kind !== 'kubernetes') throw new Error('base/cutover.yaml must use the kubernetes runtime');
  const expected = managedNamespaceObjects(kubernetesNames(config.runtime), Object.keys(config.services));
  const { resources } = parse(read('kustomization.yaml')) as { resources: string[] };
  const shipped = resources.flatMap((file) => parseAllDocuments(read(file)).map((d) => d.toJS() as unknown));
  expect(shipped).toEqual(expected);
  expect(expected.map((o) => `${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`)).toEqual(['Namespace /cutover-shop', 'RoleBinding cutover-shop/cutover']);
});
