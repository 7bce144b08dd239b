// Span ids are random, except for the one span per deployment whose id every other service
// already uses as parent: the root "deployment" span is started with pinned ids.
import { RandomIdGenerator, type IdGenerator } from '@opentelemetry/sdk-trace-base';
import type { DeploymentSpanIds } from './deployment-trace';

export class PinnableIdGenerator implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  private pinned: DeploymentSpanIds | null = null;

  generateTraceId(): string {
    return this.pinned?.traceId ?? this.random.generateTraceId();
  }

  generateSpanId(): string {
    return this.pinned?.spanId ?? this.random.generateSpanId();
  }

  /** fn must start its span synchronously: the ids are pinned only while it runs. */
  pin<T>(ids: DeploymentSpanIds, fn: () => T): T {
    this.pinned = ids;
    try {
      return fn();
    } finally {
      this.pinned = null;
    }
  }
}

/** The generator of this process's tracer provider. */
export const spanIds = new PinnableIdGenerator();
