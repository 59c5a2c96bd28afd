/**
 * @file Device choice. onnxruntime does not fall back by itself, so each device is tried in
 * turn (cuda → webgpu → cpu). A fallback is logged once per process (engine session) in one warn line
 * with each failure's first line cut short; the full failure texts go to the debug level every time.
 */
import type { DeviceSetting, LocalDevice } from '../../shared/schema';
import { clipText } from '../../shared/tokenText';
import { LensError } from '../errors';
import type { LogFn } from './types';

/** The devices to try, in order, for a setting; cpu always ends the chain. */
export function deviceChain(setting: DeviceSetting): readonly LocalDevice[] {
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

/** Fallback lines already logged by this process: each is logged once per engine session. */
const LOGGED_FALLBACKS = new Set<string>();

/** The first line of a failure, at most `max` characters. */
function shortReason(error: unknown, max = 80): string {
  const first = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim() ?? '';
  return clipText(first, max);
}

/** The one line that says a model runs on `device` because the devices before it failed. */
export function fallbackLine(
  device: LocalDevice,
  failures: readonly { device: LocalDevice; error: unknown }[],
): string {
  const why = failures.map((f) => `${f.device}: ${shortReason(f.error)}`).join('; ');
  return `Running on ${device}: ${why} (full errors at debug level).`;
}

/**
 * Tries `create` on each device of the chain; returns the first success and the device used.
 * A {@link LensError} (a problem with the model, not the device) stops the chain at once. `logged` holds the
 * fallback lines logged before (by default this process's): a line already there is not logged again.
 */
export async function withFallback<T>(
  setting: DeviceSetting,
  create: (device: LocalDevice) => Promise<T>,
  log: LogFn,
  logged: Set<string> = LOGGED_FALLBACKS,
): Promise<{ value: T; device: LocalDevice }> {
  const failures: { device: LocalDevice; error: unknown }[] = [];
  for (const device of deviceChain(setting)) {
    try {
      const value = await create(device);
      const line = fallbackLine(device, failures);
      if (failures.length > 0 && !logged.has(line)) {
        logged.add(line);
        log('warn', line);
      }
      return { value, device };
    } catch (error) {
      if (error instanceof LensError) throw error;
      // The last device's failure is thrown, and whoever catches it reports it: logging it too printed it twice.
      if (device === 'cpu') throw error;
      failures.push({ device, error });
      const full = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log('debug', `Device ${device} unavailable: ${full}`);
    }
  }
  throw new Error('unreachable: the device chain always ends with cpu');
}
