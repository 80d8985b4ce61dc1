import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { BeaconConfig } from './beacon-config.js';

/** Injection token of the validated `BeaconConfig`. */
export const BEACON_CONFIG = Symbol('BEACON_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: BeaconConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: BEACON_CONFIG, useValue: config }],
      exports: [BEACON_CONFIG],
    };
  }
}
