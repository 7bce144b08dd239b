import type { V1Service } from '@kubernetes/client-node';
import { kubernetesNames } from '@cutover/config';
import { buildLiveService, switchAnnotations } from './live-service';

const NOW = new Date('2025-03-01T10:00:00.000Z');
const names = kubernetesNames({ mode: 'label', namespacePrefix: 'cutover-' });

const serviceWith = (annotations: Record<string, string>): V1Service => ({ metadata: { annotations } });

describe('switchAnnotations', () => {
  it('first switch: the active color and version, no previous one', () => {
    expect(switchAnnotations(null, 'blue', '1.0.0', { deploymentId: 'shop-abc123' }, NOW)).toEqual({
      'cutover.dev/active-color': 'blue',
      'cutover.dev/active-version': '1.0.0',
      'cutover.dev/deployment-id': 'shop-abc123',
      'cutover.dev/switched-at': '2025-03-01T10:00:00.000Z',
    });
  });

  it('a switch to the other color: what was active becomes the previous color and version', () => {
    const live = serviceWith({ 'cutover.dev/active-color': 'blue', 'cutover.dev/active-version': '1.0.0', 'cutover.dev/deployment-id': 'shop-abc123' });
    expect(switchAnnotations(live, 'green', '2.0.0', { deploymentId: 'shop-def456' }, NOW)).toEqual({
      'cutover.dev/active-color': 'green',
      'cutover.dev/active-version': '2.0.0',
      'cutover.dev/previous-color': 'blue',
      'cutover.dev/previous-version': '1.0.0',
      'cutover.dev/deployment-id': 'shop-def456',
      'cutover.dev/switched-at': '2025-03-01T10:00:00.000Z',
    });
  });

  it('a repeated switch to the active color keeps the previous color and version', () => {
    const live = serviceWith({
      'cutover.dev/active-color': 'green',
      'cutover.dev/active-version': '2.0.0',
      'cutover.dev/previous-color': 'blue',
      'cutover.dev/previous-version': '1.0.0',
    });
    expect(switchAnnotations(live, 'green', '2.0.0', {}, NOW)).toMatchObject({
      'cutover.dev/previous-color': 'blue',
      'cutover.dev/previous-version': '1.0.0',
    });
  });
});

describe('buildLiveService', () => {
  it('label mode: selects exactly one color, serving the service port on the container port', () => {
    const svc = buildLiveService('shop', names, { port: 80, targetPort: 8080 }, names.podSelector('shop', 'green'), { a: 'b' });
    expect(svc.metadata).toMatchObject({ name: 'shop', namespace: 'cutover-shop', annotations: { a: 'b' } });
    expect(svc.spec).toEqual({
      selector: { 'app.kubernetes.io/name': 'shop', 'cutover.dev/color': 'green' },
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    });
  });

  it('namespace mode: no selector at all, so Kubernetes leaves its endpoints to Cutover', () => {
    const isolated = kubernetesNames({ mode: 'namespace', namespacePrefix: 'cutover-' });
    const svc = buildLiveService('shop', isolated, { port: 80, targetPort: 8080 }, null, {});
    expect(svc.spec).not.toHaveProperty('selector');
    expect(svc.metadata!.namespace).toBe('cutover-shop');
  });
});
