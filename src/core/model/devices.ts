/**
 * @file Device choice. onnxruntime does not fall back by itself, so each device is tried in
 * turn (cuda → webgpu → cpu); every failure but the last (which is thrown) is logged.
 */
import type { Device, DeviceSetting } from '../../shared/schema';
import { LensError } from '../errors';
import type { LogFn } from './types';

/** The devices to try, in order, for a setting; cpu always ends the chain. */
export function deviceChain(setting: DeviceSetting): readonly Device[] {
  switch (setting) {
    case 'auto':
      return ['cuda', 'webgpu', 'cpu'];
    case 'cuda':
      return ['cuda', 'cpu'];
    case 'webgpu':
      return ['webgpu', 'cpu'];
    case 'cpu':
      return ['cpu'];
  }
}

/**
 * Tries `create` on each device of the chain; returns the first success and the device used.
 * A {@link LensError} (a problem with the model, not the device) stops the chain at once.
 */
export async function withFallback<T>(
  setting: DeviceSetting,
  create: (device: Device) => Promise<T>,
  log: LogFn,
): Promise<{ value: T; device: Device }> {
  const failures: string[] = [];
  for (const device of deviceChain(setting)) {
    try {
      const value = await create(device);
      if (failures.length > 0) log('warn', `Running on ${device} after: ${failures.join('; ')}`);
      return { value, device };
    } catch (error) {
      if (error instanceof LensError) throw error;
      const why = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      failures.push(`${device} failed (${why})`);
      // The last device's failure is thrown, and whoever catches it reports it: logging it too printed it twice.
      if (device === 'cpu') throw error;
      log('warn', `Device ${device} unavailable: ${why}`);
    }
  }
  throw new Error('unreachable: the device chain always ends with cpu');
}
