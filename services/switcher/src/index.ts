export * from './switcher.module';
export * from './switcher.constants';
export * from './switch.service';
