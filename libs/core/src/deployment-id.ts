import { InvalidSubjectTokenError, ServiceNameSchema } from '@cutover/contracts';

const SERVICE_NAME = new RegExp(ServiceNameSchema.pattern!);
// Nine base-36 digits of milliseconds last until the year 5188 and keep ids sortable by time.
const TIME_DIGITS = 9;
const RANDOM_DIGITS = 12;

/**
 * `<service>-<time><random>`: sortable by creation time, and deterministic so a redelivered
 * release command (same envelope time and id) maps to the same deployment. `random` may be
 * any text; only its first letters and digits are used, lowercased.
 */
export function newDeploymentId(service: string, now: Date, random: string): string {
  if (!SERVICE_NAME.test(service)) throw new InvalidSubjectTokenError('service name', service);
  const time = now.getTime().toString(36).padStart(TIME_DIGITS, '0');
  const suffix = random.toLowerCase().replace(/[^0-9a-z]/g, '').slice(0, RANDOM_DIGITS);
  return `${service}-${time}${suffix}`;
}
