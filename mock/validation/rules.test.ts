import { describe, expect, it } from 'vitest';
import { PanelError } from '../errors/panel-error.ts';
import { err, validate } from './test-support.ts';
import { Validator } from './validator.ts';

/** The single error of validating `{ f: value }` against `rules` (or undefined when it passes). */
const one = (value: unknown, rules: string, field = 'f') => {
  const errors = validate(value === undefined ? {} : { [field]: value }, { [field]: rules });
  expect(errors.length).toBeLessThanOrEqual(1);
  return errors[0];
};

describe('presence rules', () => {
  it('required: null, blank strings and empty arrays fail; false and 0 pass', () => {
    for (const bad of [undefined, null, '', '   ', [], {}]) {
      expect(one(bad, 'required'), JSON.stringify(bad)).toEqual(err('required', 'The f field is required.', 'f'));
    }
    for (const good of [false, 0, '0', 'x', [1]]) expect(one(good, 'required'), JSON.stringify(good)).toBeUndefined();
  });

  it('present: the key must exist, null counts', () => {
    expect(one(undefined, 'present')).toEqual(err('present', 'The f field must be present.', 'f'));
    expect(one(null, 'present')).toBeUndefined();
  });

  it('filled: only checked when present', () => {
    expect(one(undefined, 'filled')).toBeUndefined();
    expect(one(null, 'filled')).toEqual(err('filled', 'The f field is required.', 'f'));
  });

  it('accepted', () => {
    for (const good of ['yes', 'on', '1', 1, true, 'true']) expect(one(good, 'accepted')).toBeUndefined();
    expect(one('no', 'accepted')).toEqual(err('accepted', 'The f must be accepted.', 'f'));
  });

  it('required_with / required_without name their parameters joined by " / "', () => {
    expect(validate({ limits: { memory: 1 } }, { x: 'required_with:limits,other' })).toEqual([
      err('required_with', 'The x field is required when limits / other is present.', 'x'),
    ]);
    expect(validate({ limits: [] }, { x: 'required_with:limits' })).toEqual([]);
    expect(validate({}, { memory: 'required_without:limits' })).toEqual([
      err('required_without', 'The memory field is required when limits is not present.', 'memory'),
    ]);
    expect(validate({ limits: { a: 1 } }, { memory: 'required_without:limits' })).toEqual([]);
    expect(validate({ a: 1 }, { x: 'required_with_all:a,b' })).toEqual([]);
    expect(validate({}, { x: 'required_without_all:a,b' })).toEqual([
      err('required_without_all', 'The x field is required when none of a / b are present.', 'x'),
    ]);
  });
});

describe('type rules', () => {
  it('string rejects numbers', () => {
    expect(one('abc', 'string')).toBeUndefined();
    expect(one(5, 'string')).toEqual(err('string', 'The f must be a string.', 'f'));
    expect(one(null, 'string')).toEqual(err('string', 'The f must be a string.', 'f'));
  });

  it('integer accepts "12" but not "1.5"', () => {
    for (const good of [12, '12', '-3', true]) expect(one(good, 'integer')).toBeUndefined();
    for (const bad of ['1.5', 1.5, 'abc', false, [1]]) {
      expect(one(bad, 'integer'), JSON.stringify(bad)).toEqual(err('integer', 'The f must be an integer.', 'f'));
    }
  });

  it('numeric accepts numeric strings', () => {
    for (const good of [1, 1.5, '1.5', '-2', '1e3']) expect(one(good, 'numeric')).toBeUndefined();
    for (const bad of ['abc', true, [], '1 ']) expect(one(bad, 'numeric')).toEqual(err('numeric', 'The f must be a number.', 'f'));
  });

  it('boolean accepts true, false, 0, 1, "0", "1" only', () => {
    for (const good of [true, false, 0, 1, '0', '1']) expect(one(good, 'boolean')).toBeUndefined();
    for (const bad of ['true', 'yes', 2, null, []]) {
      expect(one(bad, 'boolean'), JSON.stringify(bad)).toEqual(err('boolean', 'The f field must be true or false.', 'f'));
    }
  });

  it('array accepts lists and objects', () => {
    expect(one([1], 'array')).toBeUndefined();
    expect(one({ a: 1 }, 'array')).toBeUndefined();
    expect(one('a', 'array')).toEqual(err('array', 'The f must be an array.', 'f'));
  });

  it('json', () => {
    expect(one('{"a":1}', 'json')).toBeUndefined();
    expect(one('{a', 'json')).toEqual(err('json', 'The f must be a valid JSON string.', 'f'));
  });
});

describe('size rules: the message follows the attribute type', () => {
  it('numeric when the attribute has numeric or integer', () => {
    expect(one(0, 'numeric|min:1')).toEqual(err('min', 'The f must be at least 1.', 'f'));
    expect(one('5000', 'integer|max:1024')).toEqual(err('max', 'The f may not be greater than 1024.', 'f'));
    expect(one(5, 'numeric|between:10,1000')).toEqual(err('between', 'The f must be between 10 and 1000.', 'f'));
    expect(one('3', 'numeric|size:4')).toEqual(err('size', 'The f must be 4.', 'f'));
    expect(one(-1, 'numeric|min:-1')).toBeUndefined();
    expect(one('50', 'numeric|max:100')).toBeUndefined();
  });

  it('string otherwise, by mb_strlen (numbers too)', () => {
    expect(one('ab', 'min:3')).toEqual(err('min', 'The f must be at least 3 characters.', 'f'));
    expect(one('abcd', 'string|max:3')).toEqual(err('max', 'The f may not be greater than 3 characters.', 'f'));
    expect(one('', 'between:1,255')).toBeUndefined(); // blank string: not validated
    expect(one('a'.repeat(61), 'string|between:1,60')).toEqual(err('between', 'The f must be between 1 and 60 characters.', 'f'));
    expect(one('abc', 'size:4')).toEqual(err('size', 'The f must be 4 characters.', 'f'));
    expect(one(12345, 'max:4')).toEqual(err('max', 'The f may not be greater than 4 characters.', 'f'));
    expect(one('ééé', 'max:3')).toBeUndefined();
  });

  it('array when the attribute has the array rule; arrays are counted either way', () => {
    expect(one([1, 2, 3], 'array|max:2')).toEqual(err('max', 'The f may not have more than 2 items.', 'f'));
    expect(one([], 'array|min:1')).toEqual(err('min', 'The f must have at least 1 items.', 'f'));
    expect(one([1], 'array|between:2,3')).toEqual(err('between', 'The f must have between 2 and 3 items.', 'f'));
    expect(one([1, 2], 'array|size:1')).toEqual(err('size', 'The f must contain 1 items.', 'f'));
    expect(one([1, 2, 3], 'max:2')).toEqual(err('max', 'The f may not be greater than 2 characters.', 'f'));
  });

  it('a non-numeric value under a numeric rule is measured as a string but keeps the numeric message', () => {
    expect(validate({ f: 'abc' }, { f: 'numeric|min:5' })).toEqual([
      err('numeric', 'The f must be a number.', 'f'),
      err('min', 'The f must be at least 5.', 'f'),
    ]);
  });

  it('digits and digits_between', () => {
    expect(one('12345', 'numeric|digits_between:1,5')).toBeUndefined();
    expect(one('123456', 'digits_between:1,5')).toEqual(err('digits_between', 'The f must be between 1 and 5 digits.', 'f'));
    expect(one('12a', 'digits:3')).toEqual(err('digits', 'The f must be 3 digits.', 'f'));
  });
});

describe('format rules', () => {
  it('email (FILTER_VALIDATE_EMAIL)', () => {
    for (const good of ['user@example.com', 'a.b+c@sub.example.org', 'x@[127.0.0.1]']) expect(one(good, 'email')).toBeUndefined();
    for (const bad of ['user@localhost', 'no-at', 'a@b..c', 'a b@example.com', 5]) {
      expect(one(bad, 'email'), String(bad)).toEqual(err('email', 'The f must be a valid email address.', 'f'));
    }
  });

  it('regex, with numbers matched by their string form', () => {
    expect(one('NYC-Node 01', 'regex:/^([\\w .-]{1,100})$/')).toBeUndefined();
    expect(one(123, 'regex:/^([\\w .-]{1,100})$/')).toBeUndefined();
    expect(one('bad!', 'regex:/^([\\w .-]{1,100})$/')).toEqual(err('regex', 'The f format is invalid.', 'f'));
    expect(one(true, 'regex:/^1$/')).toEqual(err('regex', 'The f format is invalid.', 'f'));
  });

  it('a malformed regex is a 500 ErrorException, as preg_match warns', () => {
    try {
      validate({ f: 'x' }, { f: 'required|regex:/^(1\\.8|1\\.12)$/' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PanelError);
      expect((error as PanelError).status).toBe(500);
      expect((error as PanelError).code).toBe('ErrorException');
      expect((error as PanelError).message).toBe("preg_match(): No ending delimiter '/' found");
    }
  });

  it('alpha, alpha_dash, alpha_num', () => {
    expect(one('abc', 'alpha')).toBeUndefined();
    expect(one('ab1', 'alpha')).toEqual(err('alpha', 'The f may only contain letters.', 'f'));
    expect(one('a-b_1', 'alpha_dash')).toBeUndefined();
    expect(one(12, 'alpha_dash')).toBeUndefined();
    expect(one('a.b', 'alpha_dash')).toEqual(err('alpha_dash', 'The f may only contain letters, numbers, and dashes.', 'f'));
    expect(one('a-b', 'alpha_num')).toEqual(err('alpha_num', 'The f may only contain letters and numbers.', 'f'));
  });

  it('in / not_in compare the string form loosely', () => {
    expect(one('kill', 'in:start,stop,restart,kill')).toBeUndefined();
    expect(one('KILL', 'in:start,stop,restart,kill')).toEqual(err('in', 'The selected f is invalid.', 'f'));
    expect(one(1, 'in:1,2')).toBeUndefined();
    expect(one('1.0', 'in:1,2')).toBeUndefined();
    expect(one(['a'], 'in:a,b')).toEqual(err('in', 'The selected f is invalid.', 'f'));
    expect(one(['a', 'b'], 'array|in:a,b')).toBeUndefined();
    expect(one('a', 'not_in:a,b')).toEqual(err('not_in', 'The selected f is invalid.', 'f'));
  });

  it('url, ip, uuid', () => {
    expect(one('https://example.com/path?x=1', 'url')).toBeUndefined();
    expect(one('http://[::1]:8080/', 'url')).toBeUndefined();
    expect(one('example.com', 'url')).toEqual(err('url', 'The f format is invalid.', 'f'));
    expect(one('192.168.1.1', 'ip')).toBeUndefined();
    expect(one('::ffff:1.2.3.4', 'ip')).toBeUndefined();
    expect(one('01.2.3.4', 'ip')).toEqual(err('ip', 'The f must be a valid IP address.', 'f'));
    expect(one('::1', 'ipv4')).toEqual(err('ipv4', 'validation.ipv4', 'f'));
    expect(one('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'uuid')).toBeUndefined();
  });
});

describe('the panel Username rule (p_username)', () => {
  const message =
    'The username must start and end with alpha-numeric characters and\n                contain only letters, numbers, dashes, underscores, and periods.';

  it('passes lower-cased values of three characters or more', () => {
    for (const good of ['abc', 'Panel.Ops', 'a_b-c.d', 123]) expect(one(good, 'p_username', 'username')).toBeUndefined();
  });

  it('fails with the source message, line break and indentation kept', () => {
    for (const bad of ['ab', '-abc', 'abc.', 'a b c']) {
      expect(one(bad, 'p_username', 'username'), String(bad)).toEqual(err('p_username', message, 'username'));
    }
  });

  it('an array value is a 500 (mb_strtolower warning)', () => {
    expect(() => validate({ username: ['abc'] }, { username: 'required|p_username' })).toThrow(PanelError);
  });
});

describe('rule flow', () => {
  it('without bail every failing rule of the field is reported, in rule order', () => {
    expect(validate({ name: 12345 }, { name: 'string|min:6|regex:/^[a-z]+$/' })).toEqual([
      err('string', 'The name must be a string.', 'name'),
      err('min', 'The name must be at least 6 characters.', 'name'),
      err('regex', 'The name format is invalid.', 'name'),
    ]);
  });

  it('bail stops at the first failure', () => {
    expect(validate({ name: 12345 }, { name: 'bail|string|min:6' })).toEqual([err('string', 'The name must be a string.', 'name')]);
    expect(validate({ name: 12345 }, { name: 'string|min:6|bail' })).toEqual([err('string', 'The name must be a string.', 'name')]);
  });

  it('a failed implicit rule stops the attribute', () => {
    expect(validate({ email: null }, { email: 'required|email' })).toEqual([err('required', 'The email field is required.', 'email')]);
    expect(validate({}, { d: 'present|nullable|integer|min:0' })).toEqual([err('present', 'The d field must be present.', 'd')]);
  });

  it('non-implicit rules skip absent attributes but run on a present null', () => {
    expect(validate({}, { search: 'string|max:100' })).toEqual([]);
    expect(validate({ search: null }, { search: 'string|max:100' })).toEqual([err('string', 'The search must be a string.', 'search')]);
  });

  it('nullable skips the other rules while the value is null (implicit ones still run)', () => {
    expect(validate({ d: null }, { d: 'present|nullable|integer|min:0' })).toEqual([]);
    expect(validate({ d: 'x' }, { d: 'nullable|integer' })).toEqual([err('integer', 'The d must be an integer.', 'd')]);
  });

  it('sometimes skips an absent attribute entirely', () => {
    expect(validate({}, { deploy: 'sometimes|required|array' })).toEqual([]);
    expect(validate({ deploy: null }, { deploy: 'sometimes|required|array' })).toEqual([
      err('required', 'The deploy field is required.', 'deploy'),
    ]);
    // A nested `sometimes` key holding a non-empty array counts as absent (ValidationData quirk).
    expect(validate({ fl: { a: [1] } }, { 'fl.a': 'sometimes|nullable|integer' })).toEqual([]);
    expect(validate({ fl: { a: 'x' } }, { 'fl.a': 'sometimes|nullable|integer' })).toEqual([
      err('integer', 'The fl.a must be an integer.', 'fl.a'),
    ]);
  });

  it('a blank (whitespace-only) string is only seen by implicit rules', () => {
    expect(validate({ password: '   ' }, { password: 'sometimes|nullable|string|min:8' })).toEqual([]);
  });

  it('messages are de-duplicated per field, codes paired by position', () => {
    expect(validate({ f: 'x' }, { f: 'in:a|not_in:x' })).toEqual([err('in', 'The selected f is invalid.', 'f')]);
  });

  it('attributes are reported in rule order, wildcard expansions after the explicit keys', () => {
    const errors = validate({ ports: [1], b: 1 }, [
      ['ports.*', 'string'],
      ['a', 'required'],
      ['b', 'string'],
    ]);
    expect(errors.map((e) => e.field)).toEqual(['a', 'b', 'ports.0']);
  });

  it('an unknown rule is the BadMethodCallException Laravel raises', () => {
    try {
      validate({ f: 1 }, { f: 'frobnicate' });
      expect.unreachable();
    } catch (error) {
      expect((error as PanelError).code).toBe('BadMethodCallException');
      expect((error as PanelError).message).toBe('Method Illuminate\\Validation\\Validator::validateFrobnicate does not exist.');
    }
  });
});

describe('attribute names', () => {
  it('underscores become spaces, dots stay', () => {
    expect(validate({}, { 'limits.memory': 'required', first_name: 'required', daemonBase: 'required' })).toEqual([
      err('required', 'The limits.memory field is required.', 'limits.memory'),
      err('required', 'The first name field is required.', 'first_name'),
      err('required', 'The daemon base field is required.', 'daemonBase'),
    ]);
  });

  it('wildcard attributes keep their raw path', () => {
    expect(validate({ deploy: { port_range: [5] } }, { 'deploy.port_range.*': 'string' })).toEqual([
      err('string', 'The deploy.port_range.0 must be a string.', 'deploy.port_range.0'),
    ]);
    expect(validate({ ports: { a_b: 1 } }, { 'ports.*': 'string' })).toEqual([err('string', 'The ports.a_b must be a string.', 'ports.a_b')]);
  });

  it('labels win, for the attribute or its wildcard key', () => {
    const labels = { root_admin: 'Root Administrator Status', 'add_allocations.*': 'allocation to add' };
    expect(validate({ root_admin: 'x', add_allocations: ['x'] }, { root_admin: 'boolean', 'add_allocations.*': 'integer' }, { labels })).toEqual([
      err('boolean', 'The Root Administrator Status field must be true or false.', 'root_admin'),
      err('integer', 'The allocation to add must be an integer.', 'add_allocations.0'),
    ]);
  });

  it('a `__proto__` input key is an ordinary key', () => {
    expect(validate(JSON.parse('{"__proto__": 5}'), [['__proto__', 'string']])).toEqual([
      err('string', 'The   proto   must be a string.', '__proto__'),
    ]);
  });

  it('input keys containing a dot are not paths', () => {
    expect(validate({ 'limits.memory': 5 }, { 'limits.memory': 'required' })).toEqual([
      err('required', 'The limits.memory field is required.', 'limits.memory'),
    ]);
  });
});

describe('Validator.sometimes', () => {
  it('adds rules when the callback says so, appending to an existing attribute', () => {
    const v = new Validator({ deploy: null }, [['allocation.default', '']]);
    v.sometimes('allocation.default', 'required|integer', (input) => !input.truthy('deploy'));
    v.sometimes('deploy.locations', 'present', (input) => input.truthy('deploy'));
    expect(v.fails()).toBe(true);
    expect(v.errors()).toEqual([err('required', 'The allocation.default field is required.', 'allocation.default')]);
  });
});
