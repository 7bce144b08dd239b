/** DI token of the process's Bus: `@Inject(BUS) private readonly bus: Bus`. */
export const BUS = Symbol.for('cutover.messaging.bus');
