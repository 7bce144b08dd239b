import { operationKind, statusClass } from './kubernetes-labels';

describe('Kubernetes error labels', () => {
  it('keeps only the verb of an operation, and "other" for anything unexpected', () => {
    expect(operationKind('read Deployment shop/checkout-blue')).toBe('read');
    expect(operationKind('list EndpointSlices in shop')).toBe('list');
    expect(operationKind('frobnicate pods')).toBe('other');
    expect(operationKind('')).toBe('other');
  });

  it('classes statuses, and "none" when the server never answered', () => {
    expect(statusClass(404)).toBe('4xx');
    expect(statusClass(503)).toBe('5xx');
    expect(statusClass(undefined)).toBe('none');
    expect(statusClass(0)).toBe('none');
  });
});
