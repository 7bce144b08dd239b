import type { V1EndpointSlice, V1Pod } from '@kubernetes/client-node';
import { kubernetesNames } from '@cutover/config';
import { buildEndpointSlice, confirmSlices, podEndpoints, sameEndpoints } from './endpoints';

const names = kubernetesNames({ mode: 'namespace', namespacePrefix: 'cutover-' });

function pod(name: string, namespace: string, over: { ready?: boolean; ip?: string; deleting?: boolean } = {}): V1Pod {
  return {
    metadata: { name, namespace, uid: `uid-${name}`, ...(over.deleting ? { deletionTimestamp: new Date() } : {}) },
    spec: { containers: [], nodeName: 'kwok-node-0' },
    status: { podIP: over.ip, conditions: [{ type: 'Ready', status: over.ready === false ? 'False' : 'True' }] },
  };
}

const green = [pod('shop-green-b', 'cutover-shop-green', { ip: '10.0.0.2' }), pod('shop-green-a', 'cutover-shop-green', { ip: '10.0.0.1', ready: false })];

describe('podEndpoints', () => {
  it('lists every pod with an IP, in name order, ready or not, like the EndpointSlice controller', () => {
    const endpoints = podEndpoints([...green, pod('shop-green-c', 'cutover-shop-green'), pod('shop-green-d', 'cutover-shop-green', { ip: '10.0.0.4', deleting: true })]);
    expect(endpoints).toEqual([
      {
        addresses: ['10.0.0.1'],
        conditions: { ready: false, serving: false, terminating: false },
        targetRef: { kind: 'Pod', name: 'shop-green-a', namespace: 'cutover-shop-green', uid: 'uid-shop-green-a' },
        nodeName: 'kwok-node-0',
      },
      {
        addresses: ['10.0.0.2'],
        conditions: { ready: true, serving: true, terminating: false },
        targetRef: { kind: 'Pod', name: 'shop-green-b', namespace: 'cutover-shop-green', uid: 'uid-shop-green-b' },
        nodeName: 'kwok-node-0',
      },
    ]);
  });
});

describe('buildEndpointSlice', () => {
  it('belongs to the live Service, is managed by Cutover and says which color it lists', () => {
    const slice = buildEndpointSlice('shop', names, 'green', 8080, podEndpoints(green), '42');
    expect(slice.metadata).toEqual({
      name: 'shop-cutover',
      namespace: 'cutover-shop',
      resourceVersion: '42',
      labels: {
        'kubernetes.io/service-name': 'shop',
        'endpointslice.kubernetes.io/managed-by': 'cutover.dev',
        'app.kubernetes.io/managed-by': 'cutover',
        'app.kubernetes.io/name': 'shop',
        'cutover.dev/color': 'green',
      },
    });
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(buildEndpointSlice('shop', names, 'green', 8080, []).metadata).not.toHaveProperty('resourceVersion');
  });
});

describe('sameEndpoints', () => {
  it('notices a pod gone, a new address, or a change of readiness', () => {
    const now = podEndpoints(green);
    expect(sameEndpoints(now, podEndpoints([...green].reverse()))).toBe(true);
    expect(sameEndpoints(now, podEndpoints(green.slice(0, 1)))).toBe(false);
    expect(sameEndpoints(now, podEndpoints([green[0]!, pod('shop-green-a', 'cutover-shop-green', { ip: '10.0.0.9', ready: false })]))).toBe(false);
    expect(sameEndpoints(now, podEndpoints([green[0]!, pod('shop-green-a', 'cutover-shop-green', { ip: '10.0.0.1' })]))).toBe(false);
  });
});

describe('confirmSlices', () => {
  const slice = (pods: V1Pod[], namespace = 'cutover-shop'): V1EndpointSlice => ({ metadata: { namespace }, addressType: 'IPv4', endpoints: podEndpoints(pods) });
  const blue = [pod('shop-blue-a', 'cutover-shop-blue', { ip: '10.0.1.1' })];

  it('confirms when the slices list the color\'s ready pods and nothing else', () => {
    expect(confirmSlices([slice(green)], green)).toEqual({ confirmed: true, seen: '2 endpoint(s) in 1 slice(s)' });
  });

  it('refuses while a pod of the other color is still listed, ready or not', () => {
    const check = confirmSlices([slice(green), slice([pod('shop-blue-a', 'cutover-shop-blue', { ip: '10.0.1.1', ready: false })])], green);
    expect(check).toEqual({ confirmed: false, seen: '3 endpoint(s) in 2 slice(s); not of the color: cutover-shop-blue/shop-blue-a' });
    expect(confirmSlices([slice(blue)], green).confirmed).toBe(false);
  });

  it('refuses while a ready pod of the color is missing or listed as not ready', () => {
    expect(confirmSlices([slice(green.slice(1))], green)).toEqual({
      confirmed: false,
      seen: '1 endpoint(s) in 1 slice(s); ready pods not listed as ready: cutover-shop-green/shop-green-b',
    });
    expect(confirmSlices([], green).confirmed).toBe(false);
  });

  it('takes a pod reference without a namespace to be in the slice\'s namespace (label mode)', () => {
    const labelPods = [pod('shop-green-a', 'cutover-shop', { ip: '10.0.0.1' })];
    const bare: V1EndpointSlice = { metadata: { namespace: 'cutover-shop' }, addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], targetRef: { name: 'shop-green-a' } }] };
    expect(confirmSlices([bare], labelPods).confirmed).toBe(true);
  });
});
