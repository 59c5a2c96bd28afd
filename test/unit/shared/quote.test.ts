import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clipMessage, fileErrorInfo, LensError, MAX_MESSAGE_CHARS, toErrorInfo } from '../../../src/core/errors';
import { parseWith } from '../../../src/core/parse';
import { check, quote, v } from '../../../src/shared/schema';

const huge = 'z'.repeat(100_000);

test('quote keeps at most 80 characters, on one line, of any value', () => {
  assert.equal(quote('short'), 'short');
  assert.ok(quote(huge).length <= 80);
  assert.ok(quote(huge).endsWith('…'));
  assert.equal(quote({ a: [1, 2] }), '{"a":[1,2]}');
  assert.equal(quote('a\nb\u0000c'), 'a\\nb\\u0000c');
  const circular: Record<string, unknown> = {};
  circular['self'] = circular;
  assert.equal(quote(circular), '[object Object]');
  assert.equal(quote(12n), '12n');
  assert.equal(quote(undefined), 'undefined');
});

test('a schema failure quotes at most ~80 characters of a 100,000-character value', () => {
  const schemas = [
    v.object({ a: v.number() }),
    v.object({ a: v.picklist(['x', 'y']) }),
    v.object({ a: v.pipe(v.string(), v.regex(/^a$/u)) }),
    v.object({ a: v.literal('only') }),
  ];
  for (const schema of schemas) {
    const checked = check(schema, { a: huge });
    assert.equal(checked.ok, false);
    const message = checked.ok ? '' : checked.message;
    assert.ok(message.length < 200, message.slice(0, 300));
    assert.match(message, /^a: Invalid (type|format): .*z{77}…/u);
  }
  const key = check(v.record(v.string(), v.number()), { [huge]: 'x' });
  assert.ok(!key.ok && key.message.length < 200);
  assert.throws(
    () => parseWith(v.object({ name: v.number() }), { name: huge }, 'config.json'),
    (e) => e instanceof LensError && e.message.length < 200 && e.message.startsWith('config.json: name: Invalid type'),
  );
});

test('error replies are clipped; unknown errors become internal, file errors bad-input', () => {
  assert.equal(clipMessage('abc'), 'abc');
  const long = toErrorInfo(new LensError('bad-input', `${'x'.repeat(5000)} Do this.`));
  assert.equal(long.message.length, MAX_MESSAGE_CHARS);
  assert.ok(long.message.endsWith('Do this.'));
  const bug = toErrorInfo(new TypeError(`Cannot read ${huge}`));
  assert.equal(bug.code, 'internal');
  assert.ok(bug.message.length < 600);
  const missing = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', syscall: 'open', path: '/x/y' });
  assert.deepEqual(toErrorInfo(missing).code, 'bad-input');
  assert.match(fileErrorInfo(missing)?.message ?? '', /^\/x\/y does not exist \(ENOENT in open\)\. Check/u);
  assert.equal(fileErrorInfo(new Error('plain')), undefined);
});
