import { Type, type Static } from '@sinclair/typebox';
import { Timestamp } from './common';

/**
 * Who does a piece of work that must run in one process only (e.g. probing, which two
 * health-monitor replicas would otherwise both do). The holder rewrites it often; another
 * replica takes it over once it saw no rewrite for the lease's time to live.
 */
export const LeaseSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }),
    holder: Type.String({ minLength: 1, maxLength: 256, description: 'the replica holding it: host and port' }),
    renewedAt: Timestamp,
  },
  { additionalProperties: false },
);
export type Lease = Static<typeof LeaseSchema>;
