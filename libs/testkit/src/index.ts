export * from './nats-server';
export * from './wait-for';
export * from './free-port';
export * from './messaging';
export * from './kube-cluster';
export * from './kube-fault-proxy';
export * from './prometheus';
export * from './kube-service-account';
