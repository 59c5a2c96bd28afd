/**
 * @file The trace columns a reader recognises, by name (case-insensitive synonyms), and how a cell's value
 * becomes a number, a time or a refined-prediction array.
 */
import { LensError } from '../../errors';
import { clip } from '../logs/common';

/** The fields of a request. */
export type TraceField = 'arrival' | 'prompt' | 'output' | 'predicted' | 'refined';

/** Accepted column names per field, lower case. */
export const FIELD_NAMES: Readonly<Record<TraceField, readonly string[]>> = {
  arrival: ['arrival', 'timestamp', 'arrival_time'],
  prompt: ['prompt_tokens', 'input_len', 'prompt_len', 'input_tokens', 'context_tokens'],
  output: ['output_tokens', 'output_len', 'out_tokens', 'generated_tokens'],
  predicted: ['predicted', 'predicted_len'],
  refined: ['refined'],
};

const BY_NAME = new Map<string, TraceField>(
  Object.entries(FIELD_NAMES).flatMap(([field, names]) => names.map((name) => [name, field as TraceField])),
);

/** The field a column name stands for, if any. */
export function fieldOf(name: string): TraceField | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

/** What the output column may be called, for messages. */
export const OUTPUT_NAMES = FIELD_NAMES.output.join(', ');

/** Most refined predictions kept per request. */
export const MAX_REFINED = 1 << 16;

/**
 * A cell as a number: numbers as they are, numeric text read; blank and null → undefined; any other text →
 * NaN (refused later as not a finite number, naming the line).
 */
export function numberOf(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? undefined : Number(text);
  }
  return NaN;
}

/**
 * An arrival time in seconds: a number, or a date-time text (ISO 8601, as Azure's LLM traces write) read as
 * seconds since 1970 (the reader then shifts times so the first request arrives at 0).
 */
export function timeOf(value: unknown): { seconds: number | undefined; date: boolean } {
  const number = numberOf(value);
  if (typeof value !== 'string' || !Number.isNaN(number)) return { seconds: number, date: false };
  const ms = Date.parse(value.trim());
  return { seconds: Number.isNaN(ms) ? NaN : ms / 1000, date: !Number.isNaN(ms) };
}

/** A refined-prediction cell (a JSON array of numbers, or its text) as a Float32Array. */
export function refinedOf(value: unknown, where: string): Float32Array | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  let array: unknown = value;
  if (typeof value === 'string') {
    try {
      array = JSON.parse(value) as unknown;
    } catch {
      array = undefined;
    }
  }
  if (!Array.isArray(array) || array.some((item) => typeof item !== 'number'))
    throw new LensError(
      'bad-input',
      `${where} has a refined column that is not an array of numbers (${clip(String(value), 40)}). ` +
        'Write it as a JSON array of predicted remaining lengths, one per generated token.',
    );
  return Float32Array.from(array.slice(0, MAX_REFINED) as number[]);
}
