/**
 * @file The device a benchmark run asks for: `npm run bench -- --device cuda` (or `webgpu`, `auto`, `cpu`) sets
 * BENCH_DEVICE for every benchmark; those whose model runs through the engine's device chain (bench/benches.ts
 * `device: true`) load it there and print the device actually used, the others run on the CPU whatever is asked.
 */
import { DEVICE_SETTINGS, type Device, type DeviceSetting } from '../src/shared/schema';

/** The environment variable the runner passes the asked device in. */
export const BENCH_DEVICE_ENV = 'BENCH_DEVICE';

/** Whether `name` is a device setting. */
function isDevice(name: string): name is DeviceSetting {
  return (DEVICE_SETTINGS as readonly string[]).includes(name);
}

/** The device a benchmark is asked to run on: BENCH_DEVICE, else cpu. @throws Error naming the settings. */
export function benchDevice(env: NodeJS.ProcessEnv = process.env): DeviceSetting {
  const asked = env[BENCH_DEVICE_ENV] ?? 'cpu';
  if (!isDevice(asked)) throw new Error(`${BENCH_DEVICE_ENV} must be one of ${DEVICE_SETTINGS.join(', ')}`);
  return asked;
}

/** The runner's arguments: `--device X` or `--device=X`, and the benchmark names around it. */
export interface RunnerArgs {
  readonly device: DeviceSetting | undefined;
  readonly names: readonly string[];
}

/**
 * Splits the runner's arguments into the device and the benchmark names.
 * @throws Error when `--device` lacks a value or names no device setting.
 */
export function runnerArgs(argv: readonly string[]): RunnerArgs {
  const names: string[] = [];
  let device: DeviceSetting | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg !== '--device' && !arg.startsWith('--device=')) {
      names.push(arg);
      continue;
    }
    const value = arg === '--device' ? argv[++i] : arg.slice('--device='.length);
    if (value === undefined || !isDevice(value))
      throw new Error(`--device takes one of ${DEVICE_SETTINGS.join(', ')} (got ${JSON.stringify(value ?? '')})`);
    device = value;
  }
  return { device, names };
}

/** What a summary row notes about its device: the one used, and the one asked when they differ. */
export function deviceNote(asked: DeviceSetting, used: Device): string {
  if (asked === used) return `on ${used}`;
  return asked === 'auto' ? `on ${used} (auto's choice)` : `on ${used} (${asked} asked, unavailable)`;
}
