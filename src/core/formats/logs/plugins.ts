/**
 * @file Summary metadata: the plugin a summary value belongs to, and the hyperparameters the hparams plugin
 * records (tensorboard/plugins/hparams/plugin_data.proto: HParamsPluginData.session_start_info 3, whose map
 * `hparams` 1 holds google.protobuf.Values: number 2, text 3, boolean 4).
 */
import { BYTES, FIXED64, endOf, type Reader } from './protoRead';

/** Prefix of the columns of hyperparameters (`hparams/dataset`), read from the hparams plugin's summaries. */
export const HPARAMS_PREFIX = 'hparams/';

/** A SummaryMetadata's plugin name and where its content lies. */
export interface Plugin {
  readonly name?: string;
  readonly content?: { readonly pos: number; readonly end: number };
}

/** Reads a PluginData message (plugin_name 1, content 2). */
function pluginData(reader: Reader, end: number): Plugin {
  let name: string | undefined;
  let content: Plugin['content'];
  while (reader.pos < end) {
    const field = reader.uint32();
    if (field >>> 3 === 1 && (field & 7) === BYTES) name = reader.string();
    else if (field >>> 3 === 2 && (field & 7) === BYTES) {
      const contentEnd = endOf(reader);
      content = { pos: reader.pos, end: contentEnd };
      reader.pos = contentEnd;
    } else reader.skipType(field & 7);
  }
  return { ...(name === undefined ? {} : { name }), ...(content === undefined ? {} : { content }) };
}

/** The plugin a SummaryMetadata names (plugin_data 1), if any. */
export function pluginOf(reader: Reader, end: number): Plugin {
  let plugin: Plugin = {};
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === BYTES) plugin = pluginData(reader, endOf(reader));
    else reader.skipType(tag & 7);
  }
  return plugin;
}

/** A google.protobuf.Value's number (2), text (3) or boolean (4, as 0 or 1); others undefined. */
function structValue(reader: Reader, end: number): number | string | undefined {
  let value: number | string | undefined;
  while (reader.pos < end) {
    const tag = reader.uint32();
    const num = tag >>> 3;
    if (num === 2 && (tag & 7) === FIXED64) value = reader.double();
    else if (num === 3 && (tag & 7) === BYTES) value = reader.string();
    else if (num === 4 && (tag & 7) === 0) value = reader.bool() ? 1 : 0;
    else reader.skipType(tag & 7);
  }
  return value;
}

/** The hyperparameters of an HParamsPluginData's session_start_info (3): its map `hparams` (1) of Values. */
export function hparamsOf(reader: Reader, end: number): [string, number | string][] {
  const out: [string, number | string][] = [];
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 !== 3 || (tag & 7) !== BYTES) {
      reader.skipType(tag & 7);
      continue;
    }
    const infoEnd = endOf(reader);
    while (reader.pos < infoEnd) {
      const field = reader.uint32();
      if (field >>> 3 !== 1 || (field & 7) !== BYTES) {
        reader.skipType(field & 7);
        continue;
      }
      const entryEnd = endOf(reader);
      let key = '';
      let value: number | string | undefined;
      while (reader.pos < entryEnd) {
        const part = reader.uint32();
        if (part >>> 3 === 1 && (part & 7) === BYTES) key = reader.string();
        else if (part >>> 3 === 2 && (part & 7) === BYTES) value = structValue(reader, endOf(reader));
        else reader.skipType(part & 7);
      }
      if (value !== undefined) out.push([`${HPARAMS_PREFIX}${key}`, value]);
    }
  }
  return out;
}
