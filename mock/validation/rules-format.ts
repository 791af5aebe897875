/**
 * Format rules (Laravel 5.7): email (PHP's FILTER_VALIDATE_EMAIL), regex / not_regex (preg_match),
 * alpha / alpha_dash / alpha_num, in / not_in, url, ip / ipv4 / ipv6, uuid.
 */
import { compilePcre, PhpWarning } from './pcre.ts';
import { phpStringCast } from '../php-coercion.ts';
import { isNumeric, isPhpArray, looseStringEquals, phpEntries } from './php.ts';
import { errorException, requireParameters } from './php-errors.ts';
import type { RuleFn } from './types.ts';

/** preg_match() > 0, a malformed pattern raising the warning Laravel turns into a 500. */
function pregMatch(pattern: string, subject: string): boolean {
  try {
    return compilePcre(pattern).test(subject);
  } catch (error) {
    if (error instanceof PhpWarning) throw errorException(error.message);
    throw error;
  }
}

/** The pattern PHP 7.1+ uses for FILTER_VALIDATE_EMAIL without FILTER_FLAG_EMAIL_UNICODE (/iD). */
const EMAIL_PATTERN =
  '/^(?!(?:(?:\\x22?\\x5C[\\x00-\\x7E]\\x22?)|(?:\\x22?[^\\x5C\\x22]\\x22?)){255,})(?!(?:(?:\\x22?\\x5C[\\x00-\\x7E]\\x22?)|(?:\\x22?[^\\x5C\\x22]\\x22?)){65,}@)' +
  '(?:(?:[\\x21\\x23-\\x27\\x2A\\x2B\\x2D\\x2F-\\x39\\x3D\\x3F\\x5E-\\x7E]+)|(?:\\x22(?:[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x21\\x23-\\x5B\\x5D-\\x7F]|(?:\\x5C[\\x00-\\x7F]))*\\x22))' +
  '(?:\\.(?:(?:[\\x21\\x23-\\x27\\x2A\\x2B\\x2D\\x2F-\\x39\\x3D\\x3F\\x5E-\\x7E]+)|(?:\\x22(?:[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x21\\x23-\\x5B\\x5D-\\x7F]|(?:\\x5C[\\x00-\\x7F]))*\\x22)))*' +
  '@(?:(?:(?!.*[^.]{64,})(?:(?:(?:xn--)?[a-z0-9]+(?:-+[a-z0-9]+)*\\.){1,126}){1,}(?:(?:[a-z][a-z0-9]*)|(?:(?:xn--)[a-z0-9]+))(?:-+[a-z0-9]+)*)' +
  '|(?:\\[(?:(?:IPv6:(?:(?:[a-f0-9]{1,4}(?::[a-f0-9]{1,4}){7})|(?:(?!(?:.*[a-f0-9][:\\]]){7,})(?:[a-f0-9]{1,4}(?::[a-f0-9]{1,4}){0,5})?::(?:[a-f0-9]{1,4}(?::[a-f0-9]{1,4}){0,5})?)))' +
  '|(?:(?:IPv6:(?:(?:[a-f0-9]{1,4}(?::[a-f0-9]{1,4}){5}:)|(?:(?!(?:.*[a-f0-9]:){5,})(?:[a-f0-9]{1,4}(?::[a-f0-9]{1,4}){0,3})?::(?:[a-f0-9]{1,4}(?::[a-f0-9]{1,4}){0,3}:)?)))?' +
  '(?:(?:25[0-5])|(?:2[0-4][0-9])|(?:1[0-9]{2})|(?:[1-9]?[0-9]))(?:\\.(?:(?:25[0-5])|(?:2[0-4][0-9])|(?:1[0-9]{2})|(?:[1-9]?[0-9]))){3}))\\]))$/iD';

/** filter_var($value, FILTER_VALIDATE_EMAIL) !== false (scalars are cast to string first). */
export function filterValidateEmail(value: unknown): boolean {
  if (value === null || value === undefined || isPhpArray(value)) return false;
  const text = phpStringCast(value);
  if (Buffer.byteLength(text) > 320) return false;
  return compilePcre(EMAIL_PATTERN).test(text);
}

/** PHP's IPv4 check: four decimal parts 0–255, no leading zeros. */
function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** PHP's IPv6 check: hex blocks, one `::`, an optional trailing IPv4 counting as two blocks. */
function isIpv6(text: string): boolean {
  if (!text.includes(':')) return false;
  let body = text;
  let blocks = 0;
  const dot = text.indexOf('.');
  if (dot !== -1) {
    const start = text.lastIndexOf(':', dot) + 1;
    if (!isIpv4(text.slice(start))) return false;
    body = text.slice(0, start);
    if (body.length < 2) return false;
    if (!body.endsWith('::')) body = body.slice(0, -1);
    blocks = 2;
  }
  if (body === '') return blocks === 8;
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const all = halves.flatMap(groups);
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  if (halves.length === 2) return all.length + blocks + 1 <= 8;
  return all.length + blocks === 8;
}

/** filter_var($value, FILTER_VALIDATE_IP[, flag]): the first ':' or '.' decides the family. */
export function filterValidateIp(value: unknown, family?: 4 | 6): boolean {
  if (value === null || value === undefined || isPhpArray(value)) return false;
  const text = phpStringCast(value);
  const mode = text.includes(':') ? 6 : text.includes('.') ? 4 : undefined;
  if (mode === undefined || (family !== undefined && family !== mode)) return false;
  return mode === 4 ? isIpv4(text) : isIpv6(text);
}

/** URL schemes accepted by Laravel 5.7's url rule (from Symfony's UrlValidator 2.7.4); `.` unescaped as there. */
const URL_SCHEMES =
  'aaa|aaas|about|acap|acct|acr|adiumxtra|afp|afs|aim|apt|attachment|aw|barion|beshare|bitcoin|blob|bolo|callto|cap|chrome|chrome-extension|cid|coap|coaps|com-eventbrite-attendee|content|crid|cvs|data|dav|dict|dlna-playcontainer|dlna-playsingle|dns|dntp|dtn|dvb|ed2k|example|facetime|fax|feed|feedready|file|filesystem|finger|fish|ftp|geo|gg|git|gizmoproject|go|gopher|gtalk|h323|ham|hcp|http|https|iax|icap|icon|im|imap|info|iotdisco|ipn|ipp|ipps|irc|irc6|ircs|iris|iris.beep|iris.lwz|iris.xpc|iris.xpcs|itms|jabber|jar|jms|keyparc|lastfm|ldap|ldaps|magnet|mailserver|mailto|maps|market|message|mid|mms|modem|ms-help|ms-settings|ms-settings-airplanemode|ms-settings-bluetooth|ms-settings-camera|ms-settings-cellular|ms-settings-cloudstorage|ms-settings-emailandaccounts|ms-settings-language|ms-settings-location|ms-settings-lock|ms-settings-nfctransactions|ms-settings-notifications|ms-settings-power|ms-settings-privacy|ms-settings-proximity|ms-settings-screenrotation|ms-settings-wifi|ms-settings-workplace|msnim|msrp|msrps|mtqp|mumble|mupdate|mvn|news|nfs|ni|nih|nntp|notes|oid|opaquelocktoken|pack|palm|paparazzi|pkcs11|platform|pop|pres|prospero|proxy|psyc|query|redis|rediss|reload|res|resource|rmi|rsync|rtmfp|rtmp|rtsp|rtsps|rtspu|secondlife|s3|service|session|sftp|sgn|shttp|sieve|sip|sips|skype|smb|sms|smtp|snews|snmp|soap.beep|soap.beeps|soldat|spotify|ssh|steam|stun|stuns|submit|svn|tag|teamspeak|tel|teliaeid|telnet|tftp|things|thismessage|tip|tn3270|turn|turns|tv|udp|unreal|urn|ut2004|vemmi|ventrilo|videotex|view-source|wais|webcal|ws|wss|wtai|wyciwyg|xcon|xcon-userid|xfire|xmlrpc\\.beep|xmlrpc.beeps|xmpp|xri|ymsgr|z39\\.50|z39\\.50r|z39\\.50s';

/**
 * The url rule's pattern (/ixu) with the IPv6 literal captured and checked separately; no other
 * host form can start with `[`, so the result is the same.
 */
const URL_PATTERN = new RegExp(
  `^(?:${URL_SCHEMES})://(?:(?:[\\p{L}\\p{N}-]+:)?[\\p{L}\\p{N}-]+@)?` +
    `(?:(?:[\\p{L}\\p{N}\\p{S}\\-.])+(?:\\.?(?:\\p{L}|xn--[\\p{L}\\p{N}-]+)+\\.?)|\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|\\[([^\\]]*)\\])` +
    `(?::[0-9]+)?(?:\\/?|\\/\\S+|\\?\\S*|#\\S*)(?=\\n?(?![\\s\\S]))`,
  'iu',
);

const alphaLike = (pattern: string, numericAllowed: boolean): RuleFn => (_v, _a, value) => {
  if (typeof value !== 'string' && !(numericAllowed && isNumeric(value))) return false;
  return pregMatch(pattern, phpStringCast(value));
};

export const FORMAT_RULES: Record<string, RuleFn> = {
  Email: (_v, _a, value) => filterValidateEmail(value),
  Regex: (_v, _a, value, parameters) => {
    if (typeof value !== 'string' && !isNumeric(value)) return false;
    requireParameters(1, parameters, 'regex');
    return pregMatch(parameters[0] as string, phpStringCast(value));
  },
  NotRegex: (_v, _a, value, parameters) => {
    if (typeof value !== 'string' && !isNumeric(value)) return false;
    requireParameters(1, parameters, 'not_regex');
    return !pregMatch(parameters[0] as string, phpStringCast(value));
  },
  Alpha: alphaLike('/^[\\pL\\pM]+$/u', false),
  AlphaDash: alphaLike('/^[\\pL\\pM\\pN_-]+$/u', true),
  AlphaNum: alphaLike('/^[\\pL\\pM\\pN]+$/u', true),
  /** (string) $value loosely in the list; an array only with the array rule, element by element. */
  In: (v, attribute, value, parameters) => {
    if (isPhpArray(value) && v.hasRule(attribute, ['Array'])) {
      const elements = phpEntries(value).map(([, element]) => element);
      if (elements.some((element) => isPhpArray(element))) return false;
      return elements.every((element) => parameters.includes(phpStringCast(element)));
    }
    return !isPhpArray(value) && parameters.some((parameter) => looseStringEquals(phpStringCast(value), parameter));
  },
  NotIn: (v, attribute, value, parameters) => !(FORMAT_RULES['In'] as RuleFn)(v, attribute, value, parameters),
  Url: (_v, _a, value) => {
    if (typeof value !== 'string') return false;
    const match = URL_PATTERN.exec(value);
    if (!match) return false;
    return match[1] === undefined || isIpv6(match[1]);
  },
  Ip: (_v, _a, value) => filterValidateIp(value),
  Ipv4: (_v, _a, value) => filterValidateIp(value, 4),
  Ipv6: (_v, _a, value) => filterValidateIp(value, 6),
  Uuid: (_v, _a, value) => typeof value === 'string' && /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i.test(value),
};
