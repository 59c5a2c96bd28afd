/**
 * @file Positional reads of a protobuf file through a small window: field heads are decoded from the window and
 * payloads are either read (bounded) or skipped by moving the position, so a 2 GB ONNX model is walked without
 * loading its weights.
 */
import type { FileHandle } from 'node:fs/promises';
import { readFieldHead, WireError, type WireField } from '../formats/onnx/protoWire';

/** Bytes read at once when the window moves. */
const WINDOW_BYTES = 64 * 1024;
/** The most bytes a field head (tag and length varints) takes. */
const HEAD_BYTES = 20;

/** A windowed reader over an open file. */
export class FileCursor {
  private window = new Uint8Array(0);
  private windowStart = 0;
  /** Bytes read from the file so far (the tests check it stays far below the file's size). */
  bytesRead = 0;

  /** Reads `handle`, a file of `size` bytes. */
  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  /** The head of the field starting at `pos` in a message ending at `limit`; its payload must end by `limit`. */
  async field(pos: number, limit: number): Promise<WireField> {
    await this.load(pos, Math.min(HEAD_BYTES, limit - pos));
    const rel = pos - this.windowStart;
    const headLimit = Math.min(this.window.length, limit - this.windowStart);
    const f = readFieldHead(this.window, rel, headLimit);
    const shift = this.windowStart;
    const field = { ...f, start: f.start + shift, dataStart: f.dataStart + shift, end: f.end + shift };
    if (field.end > limit)
      throw new WireError(`field ${field.num} at byte ${pos} runs past the end of its message`, true);
    return field;
  }

  /** The payload of `field`, read whole; one longer than `max` bytes is refused with `what` naming it. */
  async payload(field: WireField, max: number, what: string): Promise<Uint8Array> {
    const length = field.end - field.dataStart;
    if (length > max)
      throw new WireError(`${what} at byte ${field.start} is ${length} bytes, more than the limit of ${max}`);
    if (length <= WINDOW_BYTES) {
      // Small payloads (nodes, names, value infos) come from the window: one read serves many fields.
      await this.load(field.dataStart, length);
      const at = field.dataStart - this.windowStart;
      if (at + length > this.window.length) throw new WireError(`${what} at byte ${field.start} is cut short`, true);
      return this.window.slice(at, at + length);
    }
    const out = new Uint8Array(length);
    const { bytesRead } = await this.handle.read(out, 0, length, field.dataStart);
    this.bytesRead += bytesRead;
    if (bytesRead !== length) throw new WireError(`${what} at byte ${field.start} is cut short`, true);
    return out;
  }

  /** Makes the window hold `[pos, pos + n)` (or up to the end of the file). */
  private async load(pos: number, n: number): Promise<void> {
    const end = this.windowStart + this.window.length;
    if (pos >= this.windowStart && pos + n <= end) return;
    const length = Math.max(0, Math.min(Math.max(n, WINDOW_BYTES), this.size - pos));
    const buf = new Uint8Array(length);
    const { bytesRead } = await this.handle.read(buf, 0, length, pos);
    this.bytesRead += bytesRead;
    this.window = buf.subarray(0, bytesRead);
    this.windowStart = pos;
  }
}
