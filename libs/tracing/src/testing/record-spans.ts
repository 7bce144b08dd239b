// Tests record spans in memory through the same global API the services use, with the W3C
// propagator and the async-local-storage context manager that the SDK registers in a process.
import { node } from '@opentelemetry/sdk-node';
import { spanIds } from '../pinnable-ids';

export function recordSpansInMemory(): InstanceType<typeof node.InMemorySpanExporter> {
  const exporter = new node.InMemorySpanExporter();
  new node.NodeTracerProvider({ idGenerator: spanIds, spanProcessors: [new node.SimpleSpanProcessor(exporter)] }).register();
  return exporter;
}
