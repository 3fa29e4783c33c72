import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JobName } from './queue-names.js';

/** Implemented by every BullMQ processor: the job names it knows how to run. */
export interface JobHandlerHost {
  readonly handles: readonly JobName[];
}

function isHandlerHost(x: unknown): x is JobHandlerHost {
  return typeof x === 'object' && x !== null && Array.isArray((x as JobHandlerHost).handles);
}

/** Jobs that no processor declares (pure, unit-tested). */
export function missingHandlers(all: readonly string[], handled: Iterable<string>): string[] {
  const seen = new Set(handled);
  return all.filter((j) => !seen.has(j));
}

/** In a worker: fail at boot if some declared job has no handler, instead of at 3 a.m. */
@Injectable()
export class JobRegistryCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('Jobs');

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const handled = this.discovery
      .getProviders()
      .map((w) => w.instance)
      .filter(isHandlerHost)
      .flatMap((h) => h.handles as unknown as readonly string[]);
    const missing = missingHandlers(Object.values(JobName), handled);
    if (missing.length > 0) {
      throw new Error(`Worker cannot start: no handler for job(s) ${missing.join(', ')}`);
    }
    this.logger.log(`handlers registered for ${handled.length} job(s)`);
  }
}
