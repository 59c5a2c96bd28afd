/**
 * @file The TensorBoard reader against files written by the independent Python writer
 * (tools/zoo/scaling/tfevents.py): the committed fixtures give the values their JSON description gives, fresh
 * files written from a random description read back exactly, and damaged files are refused with a message.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { guessMapping, runsOf } from '../../../src/core/analyses/scaling/runs';
import { LensError } from '../../../src/core/errors';
import { readLog } from '../../../src/core/formats/logs/index';
import { eventRecords, maskedCrc32c } from '../../../src/core/formats/logs/records';
import { eventPoints } from '../../../src/core/formats/logs/tfevents';
import { FIXTURES, ROOT } from '../helpers';

const SCALING = join(FIXTURES, 'scaling');
const WRITER = join(ROOT, 'tools', 'zoo', 'scaling', 'tfevents.py');
const PYTHON = '/usr/bin/python3';
const imports = (module: string): boolean =>
  spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
const hasWriter = imports('google.protobuf');
/** tensorboardX and TensorBoard's loader import numpy (Debian's python3-numpy, in the README's set-up). */
const hasNumpy = imports('numpy');

const lens = (code: string, pattern: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === code && pattern.test(e.message);

interface EventSpec {
  step: number;
  simple?: Record<string, number>;
  tensor?: Record<string, number>;
  hparams?: Record<string, number | string | boolean>;
  encoding?: 'float_val' | 'double_val' | 'tensor_content';
}
interface FileSpec {
  path: string;
  events: EventSpec[];
  damage?: unknown;
}

/** The rows a description's undamaged files should read as, by "run/step", worked out from the JSON alone. */
function expectedRows(files: readonly FileSpec[], prefix: string): Map<string, Record<string, number>> {
  const rows = new Map<string, Record<string, number>>();
  const sorted = files.filter((f) => f.path.startsWith(prefix)).sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const file of sorted) {
    const run = file.path.slice(prefix.length).split('/').slice(0, -1).join('/');
    for (const event of file.events) {
      const key = `${run}/${event.step}`;
      const row = rows.get(key) ?? {};
      for (const [tag, value] of Object.entries(event.simple ?? {})) row[tag] = Math.fround(value);
      for (const [tag, value] of Object.entries(event.tensor ?? {}))
        row[tag] = event.encoding === 'double_val' ? value : Math.fround(value);
      rows.set(key, row);
    }
  }
  return rows;
}

/** Checks a table read from `root` against the description's rows under `prefix`. */
async function checkAgainst(root: string, files: readonly FileSpec[], prefix: string): Promise<void> {
  const table = await readLog(root);
  assert.equal(table.format, 'tfevents');
  const expected = expectedRows(files, prefix);
  assert.equal(table.rows.length, expected.size);
  table.rows.forEach((row, i) => {
    const key = `${String(row['run'])}/${String(row['step'])}`;
    const want = expected.get(key);
    assert.ok(want !== undefined, `unexpected row ${key}`);
    for (const column of table.columns.slice(2)) assert.equal(row[column], want[column] ?? null, `${key} ${column}`);
    assert.equal(table.where[i], `run ${String(row['run'])}, step ${String(row['step'])}`);
  });
}

const description = JSON.parse(readFileSync(join(SCALING, 'tfevents.json'), 'utf8')) as { files: FileSpec[] };

test('the committed fixtures read as their description says: two files of one run merged by step', async () => {
  await checkAgainst(join(SCALING, 'tb', 'runs'), description.files, 'runs/');
  const table = await readLog(join(SCALING, 'tb', 'runs'));
  assert.deepEqual(table.columns, ['run', 'step', 'eval/loss', 'params', 'tokens', 'train/loss']);
  const step200 = table.rows.find((r) => r['run'] === 'code-s1' && r['step'] === 200);
  assert.equal(step200?.['train/loss'], 2.875, 'the later file replaces the earlier value of a step');
  const last = table.rows.find((r) => r['run'] === 'prose-s1' && r['step'] === 300);
  assert.equal(last?.['train/loss'], 3.0000001, 'a double_val tensor keeps float64 precision');
});

test('one event file reads as a run named by its folder', async () => {
  const file = join(SCALING, 'tb', 'runs', 'prose-s1', 'events.out.tfevents.1700000200.lens.3.v2');
  const table = await readLog(file);
  assert.deepEqual(
    table.rows.map((r) => [r['run'], r['step'], r['train/loss']]),
    [
      ['prose-s1', 0, 5.25],
      ['prose-s1', 150, Math.fround(3.3)],
      ['prose-s1', 300, 3.0000001],
    ],
  );
});

test('the committed fixtures are what the writer writes from their description', { skip: !hasWriter }, () => {
  const out = mkdtempSync(join(tmpdir(), 'lens-tfevents-'));
  execFileSync(PYTHON, [WRITER, 'write', join(SCALING, 'tfevents.json'), out]);
  for (const file of description.files)
    assert.deepEqual(readFileSync(join(out, file.path)), readFileSync(join(SCALING, 'tb', file.path)), file.path);
});

test('files the writer makes from a random description read back exactly', { skip: !hasWriter }, async () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 10;
  const encodings = ['float_val', 'double_val', 'tensor_content'] as const;
  const files: FileSpec[] = ['a/x', 'a/y', 'b/c/x'].map((name, f) => ({
    path: `${name.replace(/\/x$|\/y$/u, '')}/events.out.tfevents.${1700000000 + f}.h.${name.slice(-1)}`,
    events: Array.from({ length: 40 }, (_, k) => ({
      step: f === 1 ? 1000 + 7 * k : 13 * k,
      simple: { 'train/loss': random(), lr: random() / 1e4 },
      tensor: { 'val/loss': random() },
      encoding: encodings[(k + f) % 3] ?? 'float_val',
    })),
  }));
  const dir = mkdtempSync(join(tmpdir(), 'lens-tfevents-'));
  writeFileSync(join(dir, 'description.json'), JSON.stringify({ files }));
  execFileSync(PYTHON, [WRITER, 'write', join(dir, 'description.json'), join(dir, 'logs')]);
  await checkAgainst(join(dir, 'logs'), files, '');
  const runs = new Set((await readLog(join(dir, 'logs'))).rows.map((r) => r['run']));
  assert.deepEqual([...runs], ['a', 'b/c']);
});

test('a bad checksum is refused naming the record and the file', async () => {
  const folder = join(SCALING, 'tb', 'damaged', 'bad-crc');
  await assert.rejects(readLog(folder), lens('bad-input', /^Record 2 of .*bad-crc.*tfevents.* fails its checksum/u));
  const bytes = new Uint8Array(readFileSync(join(folder, readdirSync(folder)[0] ?? '')));
  bytes[8] = (bytes[8] ?? 0) ^ 1;
  assert.throws(() => [...eventRecords(bytes, 'f')], lens('bad-input', /^Record 0 of f fails its checksum \(its len/u));
});

test('a truncated file is refused naming the record', async () => {
  await assert.rejects(
    readLog(join(SCALING, 'tb', 'damaged', 'truncated')),
    lens('bad-input', /^Record 2 of .*truncated.* is cut short \(7 bytes missing\): the file is truncated/u),
  );
  const header = new Uint8Array(12);
  const view = new DataView(header.buffer);
  view.setBigUint64(0, 2n ** 62n, true);
  view.setUint32(8, maskedCrc32c(header.subarray(0, 8)), true);
  assert.throws(() => [...eventRecords(header, 'f')], lens('bad-input', /Record 0 of f is cut short/u));
  assert.throws(() => [...eventRecords(header.subarray(0, 5), 'f')], lens('bad-input', /cut short \(7 bytes/u));
});

test("the masked CRC-32C of the records is the writer's: a hand-worked check value", () => {
  // CRC-32C("123456789") = 0xE3069283; rotated right by 15: 0x0001C60D | 0x25060000 = 0x2507C60D;
  // plus 0xA282EAD8 (mod 2^32): 0xC78AB0E5.
  assert.equal(maskedCrc32c(new TextEncoder().encode('123456789')), 0xc78ab0e5);
});

test('not an event file, no event file, no scalars, a size over the limit, a cancelled read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-tfevents-'));
  writeFileSync(join(dir, 'events.out.tfevents.1.x'), 'step,loss\n1,2\n'.repeat(4));
  await assert.rejects(readLog(dir), lens('bad-input', /Record 0 of .* fails its checksum/u));
  const empty = join(dir, 'none');
  mkdirSync(empty);
  await assert.rejects(readLog(empty), lens('bad-input', /holds no TensorBoard event files/u));
  const onlyVersion = join(dir, 'version');
  mkdirSync(onlyVersion);
  const source = join(SCALING, 'tb', 'damaged', 'truncated');
  const truncated = readFileSync(join(source, readdirSync(source)[0] ?? ''));
  const first = 12 + Number(truncated.readBigUInt64LE(0)) + 4;
  writeFileSync(join(onlyVersion, 'events.out.tfevents.2.x'), truncated.subarray(0, first));
  await assert.rejects(readLog(onlyVersion), lens('bad-input', /holds no scalar summaries/u));
  const runs = join(SCALING, 'tb', 'runs');
  await assert.rejects(readLog(runs, { maxBytes: 100 }), lens('too-long', /more than the log size limit of 100/u));
  await assert.rejects(readLog(runs, { signal: AbortSignal.abort() }), lens('cancelled', /cancelled/u));
});

test('reading a run folder writes nothing into it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-tfevents-'));
  const src = join(SCALING, 'tb', 'runs', 'code-s1');
  for (const name of readdirSync(src)) copyFileSync(join(src, name), join(dir, name));
  const before = readdirSync(dir).map((n) => [n, statSync(join(dir, n)).mtimeMs]);
  await readLog(dir);
  assert.deepEqual(
    readdirSync(dir).map((n) => [n, statSync(join(dir, n)).mtimeMs]),
    before,
  );
});

test('an empty event file in a folder is skipped; an event file under another name is recognised', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-tfevents-'));
  const src = join(SCALING, 'tb', 'runs', 'prose-s1');
  const name = readdirSync(src)[0] ?? '';
  copyFileSync(join(src, name), join(dir, name));
  writeFileSync(join(dir, 'events.out.tfevents.1800000000.lens.9.v2'), '');
  assert.equal((await readLog(dir)).rows.length, 3);
  await assert.rejects(readLog(join(dir, 'events.out.tfevents.1800000000.lens.9.v2')), lens('bad-input', /is empty/u));
  copyFileSync(join(src, name), join(dir, 'prose.log'));
  const table = await readLog(join(dir, 'prose.log'));
  assert.equal(table.format, 'tfevents');
  assert.equal(table.rows[2]?.['train/loss'], 3.0000001);
});

test("tags named like the reader's own columns are renamed", { skip: !hasWriter }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-tfevents-'));
  const files = [{ path: 'r/events.out.tfevents.1', events: [{ step: 5, simple: { run: 1, step: 2 } }] }];
  writeFileSync(join(dir, 'd.json'), JSON.stringify({ files }));
  execFileSync(PYTHON, [WRITER, 'write', join(dir, 'd.json'), join(dir, 'logs')]);
  const table = await readLog(join(dir, 'logs'));
  assert.deepEqual(table.columns, ['run', 'step', 'run (renamed)', 'step (renamed)']);
  assert.deepEqual(table.rows, [{ run: 'r', step: 5, 'run (renamed)': 1, 'step (renamed)': 2 }]);
});

test('a record whose checksum holds but whose data is no Event is refused naming it', () => {
  /** One record framing `data` with correct checksums. */
  const record = (data: Uint8Array): Uint8Array => {
    const out = new Uint8Array(16 + data.length);
    const view = new DataView(out.buffer);
    view.setBigUint64(0, BigInt(data.length), true);
    view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
    out.set(data, 12);
    view.setUint32(12 + data.length, maskedCrc32c(data), true);
    return out;
  };
  const cases: [number[], RegExp][] = [
    [[0x0f], /invalid wire type 7/u], // field 1 of wire type 7, which protobuf has not
    [[0x2a, 0x40, 0x0a], /runs past the end of the message/u], // a summary of 64 bytes in 3
    [[0x09, 1, 2, 3], /index out of range/u], // a double cut short
  ];
  for (const [bytes, why] of cases)
    assert.throws(
      () => eventPoints(record(Uint8Array.from(bytes)), 'f'),
      lens('bad-input', new RegExp(`^Record 0 of f is not a TensorBoard Event \\(.*${why.source}`, 'u')),
    );
});

test("the writer's EventWriter class, as a training loop would use it, reads back", { skip: !hasWriter }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-tfevents-'));
  const script = [
    'import sys',
    `sys.path.insert(0, ${JSON.stringify(join(ROOT, 'tools', 'zoo', 'scaling'))})`,
    'from tfevents import EventWriter',
    `with EventWriter(${JSON.stringify(join(dir, 'code', 'n1', 'events.out.tfevents.1'))}, wall_time=5.0) as log:`,
    '    for step in (0, 10, 20):',
    '        log.scalar("train/loss", 4.0 - step / 10, step)',
    '        log.scalar("params", 1e6, step, tensor=True)',
  ].join('\n');
  execFileSync(PYTHON, ['-c', script]);
  const table = await readLog(dir);
  assert.deepEqual(table.rows, [
    { run: 'code/n1', step: 0, params: 1e6, 'train/loss': 4 },
    { run: 'code/n1', step: 10, params: 1e6, 'train/loss': 3 },
    { run: 'code/n1', step: 20, params: 1e6, 'train/loss': 2 },
  ]);
});

test(
  "hyperparameters from the hparams plugin become hparams/ columns: a run's dataset and sizes",
  { skip: !hasWriter },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lens-tfevents-'));
    const run = (name: string, dataset: string, loss: number): FileSpec => ({
      path: `${name}/events.out.tfevents.1`,
      events: [
        { step: 0, hparams: { dataset, params: 1250000, tokens: 0, tied: true } },
        { step: 50, simple: { 'train/loss': loss } },
      ],
    });
    const files = [run('code-a', 'code', 2.5), run('prose-a', 'prose', 3.25)];
    writeFileSync(join(dir, 'd.json'), JSON.stringify({ files }));
    execFileSync(PYTHON, [WRITER, 'write', join(dir, 'd.json'), join(dir, 'logs')]);
    const table = await readLog(join(dir, 'logs'));
    assert.deepEqual(table.columns, [
      'run',
      'step',
      'hparams/dataset',
      'hparams/params',
      'hparams/tied',
      'hparams/tokens',
      'train/loss',
    ]);
    assert.deepEqual(table.rows[0], {
      run: 'code-a',
      step: 0,
      'hparams/dataset': 'code',
      'hparams/params': 1250000,
      'hparams/tied': 1,
      'hparams/tokens': 0,
      'train/loss': null,
    });
    const mapping = guessMapping(table);
    assert.deepEqual(mapping, {
      run: 'run',
      step: 'step',
      N: 'hparams/params',
      D: 'hparams/tokens',
      dataset: 'hparams/dataset',
      losses: ['train/loss'],
    });
    assert.throws(
      () => runsOf(table, mapping),
      lens('bad-input', /^Run "code-a" at run code-a, step 0 of .*: tokens D \(column "hparams\/tokens"\) is 0/u),
    );
    const { D: _unused, ...withoutD } = mapping;
    const runs = runsOf(table, withoutD);
    assert.deepEqual(
      runs.map((r) => [r.run, r.dataset, r.N, r.losses['train/loss']]),
      [
        ['code-a', 'code', 1250000, 2.5],
        ['prose-a', 'prose', 1250000, 3.25],
      ],
    );
  },
);

test('mutated Events with their checksums made good are read or refused cleanly, never crash', () => {
  const source = join(SCALING, 'tb', 'runs', 'code-s1');
  const file = readFileSync(join(source, readdirSync(source)[1] ?? ''));
  const data = [...eventRecords(new Uint8Array(file), 'f')].map((r) => r.data);
  let seed = 11;
  const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  let refused = 0;
  for (let k = 0; k < 2000; k++) {
    const bytes = Uint8Array.from(data[1 + (k % (data.length - 1))] ?? []);
    for (let m = 0; m <= random(4); m++) bytes[random(bytes.length)] = random(256);
    const framed = new Uint8Array(16 + bytes.length);
    const view = new DataView(framed.buffer);
    view.setBigUint64(0, BigInt(bytes.length), true);
    view.setUint32(8, maskedCrc32c(framed.subarray(0, 8)), true);
    framed.set(bytes, 12);
    view.setUint32(12 + bytes.length, maskedCrc32c(bytes), true);
    try {
      for (const point of eventPoints(framed, 'f'))
        assert.ok(typeof point.value === 'string' || typeof point.value === 'number', `case ${k}`);
    } catch (error) {
      assert.ok(lens('bad-input', /^Record 0 of f is not a TensorBoard Event/u)(error), `case ${k}: ${String(error)}`);
      refused++;
    }
  }
  assert.ok(refused > 0, 'some mutations break the message');
});

/** tensorboardX's wheel, where this machine keeps one: a third writer, used as PyTorch users log. */
const TBX_WHEEL = '/opt/pypi/files/tensorboardx-2.6.5-py3-none-any.whl';
const hasTbx = hasWriter && hasNumpy && existsSync(TBX_WHEEL);

test(
  "tensorboardX's SummaryWriter files: scalars, add_scalars runs, add_hparams merged into its run",
  { skip: !hasTbx },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lens-tbx-'));
    execFileSync(PYTHON, ['-m', 'zipfile', '-e', TBX_WHEEL, join(dir, 'lib')]);
    const script = [
      'from tensorboardX import SummaryWriter',
      `w = SummaryWriter(${JSON.stringify(join(dir, 'logs', 'code-n1'))})`,
      'for s in range(5): w.add_scalar("train/loss", 4.0 - s * 0.25, s)',
      'w.add_scalars("eval", {"code": 3.5, "prose": 3.75}, 4)',
      'w.add_text("note", "not a number", 0)',
      'w.add_histogram("weights", [1.0, 2.0, 3.0], 0)',
      'w.add_hparams({"dataset": "code", "params": 1250000}, {"hparam/loss": 3.0})',
      'w.close()',
    ].join('\n');
    execFileSync(PYTHON, ['-c', script], { env: { ...process.env, PYTHONPATH: join(dir, 'lib') } });
    const table = await readLog(join(dir, 'logs'));
    const rows = table.rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, value]) => value !== null)));
    assert.deepEqual(rows, [
      {
        run: 'code-n1',
        step: 0,
        'hparams/dataset': 'code',
        'hparams/params': 1250000,
        'hparam/loss': 3,
        'train/loss': 4,
      },
      { run: 'code-n1', step: 1, 'train/loss': 3.75 },
      { run: 'code-n1', step: 2, 'train/loss': 3.5 },
      { run: 'code-n1', step: 3, 'train/loss': 3.25 },
      { run: 'code-n1', step: 4, 'train/loss': 3 },
      { run: 'code-n1/eval/code', step: 4, eval: 3.5 },
      { run: 'code-n1/eval/prose', step: 4, eval: 3.75 },
    ]);
  },
);

test('folders named by a time are runs of their own when their parent holds no event file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-tfevents-'));
  const src = join(SCALING, 'tb', 'runs', 'prose-s1');
  const name = readdirSync(src)[0] ?? '';
  for (const folder of ['1796294350.5', '1796294351.25']) {
    mkdirSync(join(dir, 'sweep', folder), { recursive: true });
    copyFileSync(join(src, name), join(dir, 'sweep', folder, name));
  }
  const runs = new Set((await readLog(dir)).rows.map((r) => r['run']));
  assert.deepEqual([...runs], ['sweep/1796294350.5', 'sweep/1796294351.25']);
});

/** TensorBoard's own wheel and what its event loader needs, where this machine keeps them. */
const TB_WHEELS = [
  '/opt/pypi/files/tensorboard-2.21.0-py3-none-any.whl',
  '/opt/pypi/files/protobuf-6.33.6-cp39-abi3-manylinux2014_x86_64.whl',
  '/opt/pypi/files/absl_py-2.5.0-py3-none-any.whl',
];
const hasTensorBoard = hasWriter && hasNumpy && TB_WHEELS.every((w) => existsSync(w));

test(
  "TensorBoard's own loader reads the writer's fixtures as their description says",
  { skip: !hasTensorBoard },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'lens-tb-'));
    const paths = TB_WHEELS.map((wheel, i) => {
      execFileSync(PYTHON, ['-m', 'zipfile', '-e', wheel, join(dir, `lib${i}`)]);
      return join(dir, `lib${i}`);
    });
    const script = [
      'import json, sys',
      'from tensorboard.backend.event_processing import event_file_loader',
      'from tensorboard.util import tensor_util',
      'out = {}',
      'for path in sys.argv[1:]:',
      '    rows = out.setdefault(path, [])',
      '    for event in event_file_loader.EventFileLoader(path).Load():',
      '        for v in event.summary.value:',
      '            value = v.simple_value if v.HasField("simple_value") else tensor_util.make_ndarray(v.tensor).item()',
      '            rows.append([event.step, v.tag, value])',
      'print(json.dumps(out))',
    ].join('\n');
    const files = description.files.filter((f) => f.damage === undefined);
    const stdout = execFileSync(PYTHON, ['-c', script, ...files.map((f) => join(SCALING, 'tb', f.path))], {
      env: { ...process.env, PYTHONPATH: paths.join(':') },
    }).toString();
    const read = JSON.parse(stdout) as Record<string, [number, string, number][]>;
    for (const file of files) {
      const want = file.events.flatMap((e) => [
        ...Object.entries(e.simple ?? {}).map(([tag, value]) => [e.step, tag, Math.fround(value)]),
        ...Object.entries(e.tensor ?? {}).map(([tag, value]) => [
          e.step,
          tag,
          e.encoding === 'double_val' ? value : Math.fround(value),
        ]),
      ]);
      assert.deepEqual(read[join(SCALING, 'tb', file.path)], want, file.path);
    }
  },
);
