import { describe, expect, it } from 'vitest';
import { compilePcre, PhpWarning } from './pcre.ts';
import { filterValidateInt, isNumeric, looseNumber, looseStringEquals, mbStrlen } from './php.ts';
import { parseRule, strGetCsv } from './rule-parser.ts';
import { snake, studly } from './str.ts';

describe('PHP 7 value semantics', () => {
  it('is_numeric accepts numbers and numeric strings (leading, not trailing, whitespace)', () => {
    for (const yes of [0, 1.5, -3, '12', '-1.5', '.5', '5.', '1e3', ' 7', '+4']) expect(isNumeric(yes), String(yes)).toBe(true);
    for (const no of ['', 'abc', '1 ', '0x1A', '1e', true, null, [], {}]) expect(isNumeric(no), JSON.stringify(no)).toBe(false);
  });

  it('FILTER_VALIDATE_INT accepts integers and canonical integer strings', () => {
    for (const yes of [12, -3, 0, '12', '-0', '+7', ' 42 ', true, '9223372036854775807']) {
      expect(filterValidateInt(yes), JSON.stringify(yes)).toBe(true);
    }
    for (const no of ['1.5', 1.5, '012', '1e3', '', 'abc', false, null, [1], '9223372036854775808']) {
      expect(filterValidateInt(no), JSON.stringify(no)).toBe(false);
    }
  });

  it('measures strings as mb_strlen does', () => {
    expect(mbStrlen('héllo')).toBe(5);
    expect(mbStrlen(12345)).toBe(5);
  });

  it('compares loosely as PHP 7 does', () => {
    expect(looseNumber('10abc')).toBe(10);
    expect(looseNumber('abc')).toBe(0);
    expect(looseStringEquals('1e1', '10')).toBe(true);
    expect(looseStringEquals('abc', 'ABC')).toBe(false);
  });
});

describe('rule parsing and naming helpers', () => {
  it('parses rules like ValidationRuleParser', () => {
    expect(parseRule('required_with:deploy,boolean')).toEqual({ rule: 'RequiredWith', parameters: ['deploy', 'boolean'] });
    expect(parseRule('int')).toEqual({ rule: 'Integer', parameters: [] });
    expect(parseRule('bool')).toEqual({ rule: 'Boolean', parameters: [] });
    expect(parseRule('regex:/^a,b$/')).toEqual({ rule: 'Regex', parameters: ['/^a,b$/'] });
    expect(parseRule('in:"a,b",c')).toEqual({ rule: 'In', parameters: ['a,b', 'c'] });
    expect(strGetCsv('a,"b""c",d')).toEqual(['a', 'b"c', 'd']);
  });

  it('snake- and studly-cases like Str', () => {
    expect(snake('RequiredWith')).toBe('required_with');
    expect(snake('Pterodactyl\\Rules\\Username')).toBe('pterodactyl\\_rules\\_username');
    expect(snake('limits.memory')).toBe('limits.memory');
    expect(snake('daemonBase')).toBe('daemon_base');
    expect(studly('digits_between')).toBe('DigitsBetween');
    expect(studly('alpha-dash')).toBe('AlphaDash');
  });
});

describe('preg_match patterns', () => {
  it('lets $ match before a final newline unless D is given', () => {
    expect(compilePcre('/^abc$/').test('abc\n')).toBe(true);
    expect(compilePcre('/^abc$/D').test('abc\n')).toBe(false);
    expect(compilePcre('/^abc$/').test('abc\nx')).toBe(false);
  });

  it('translates PCRE escapes and classes', () => {
    expect(compilePcre('/^[\\pL\\pM\\pN_-]+$/u').test('héllo_1-2')).toBe(true);
    expect(compilePcre('/^([\\/][\\d\\w.\\-\\/]+)$/').test('/srv/daemon-data')).toBe(true);
    expect(compilePcre('/^[[:alpha:]]+\\z/').test('abc')).toBe(true);
    expect(compilePcre('#^a b#x').test('ab')).toBe(true);
    expect(compilePcre('{^a}i').test('A')).toBe(true);
  });

  it('raises the warnings PHP raises for malformed patterns', () => {
    expect(() => compilePcre('/^(1\\.8')).toThrow(new PhpWarning("preg_match(): No ending delimiter '/' found"));
    expect(() => compilePcre('abc')).toThrow(new PhpWarning('preg_match(): Delimiter must not be alphanumeric or backslash'));
    expect(() => compilePcre('/a/k')).toThrow(new PhpWarning("preg_match(): Unknown modifier 'k'"));
    expect(() => compilePcre('')).toThrow(new PhpWarning('preg_match(): Empty regular expression'));
  });
});
