import type { RawFinding } from './types.js';

/** GB 11643-1999 weights of the first 17 digits and the check characters for sum mod 11. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Valid second and third digits of mainland mobile numbers (13x–19x segments in use). */
const MOBILE_PREFIXES = new Set([
  '130',
  '131',
  '132',
  '133',
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '145',
  '146',
  '147',
  '148',
  '149',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '162',
  '165',
  '166',
  '167',
  '170',
  '171',
  '172',
  '173',
  '174',
  '175',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '184',
  '185',
  '186',
  '187',
  '188',
  '189',
  '190',
  '191',
  '192',
  '193',
  '195',
  '196',
  '197',
  '198',
  '199',
]);

export function isValidIdNumber(id: string): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(id)) return false;
  const province = Number(id.slice(0, 2));
  if (province < 11 || province > 91) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11] === id[17].toUpperCase();
}

export function isValidMobile(digits: string): boolean {
  return digits.length === 11 && MOBILE_PREFIXES.has(digits.slice(0, 3));
}

function isAsciiAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

// Digit runs of 11 or more, optionally followed by X; and 3-4-4 groups with a dash or space.
const DIGIT_RUN = /\d{11,}[Xx]?|1[3-9]\d[- ]\d{4}[- ]\d{4}/g;

/** Resident ID numbers and mobile numbers starting in [from, to), as whole tokens only. */
export function scanPii(text: string, from: number, to: number, out: RawFinding[]): void {
  DIGIT_RUN.lastIndex = from;
  for (let m = DIGIT_RUN.exec(text); m !== null && m.index < to; m = DIGIT_RUN.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    // A token: not glued to other letters or digits (a run inside a longer number is not PII).
    if (isAsciiAlnum(text.charCodeAt(start - 1)) || isAsciiAlnum(text.charCodeAt(end))) continue;
    const token = m[0];
    if (token.length === 18 && isValidIdNumber(token)) {
      out.push({ code: 'pii-idcard', start, end, rule: 'pii:idcard' });
    } else if (token.length === 11 && isValidMobile(token)) {
      out.push({ code: 'pii-mobile', start, end, rule: 'pii:mobile' });
    } else if (token.length === 13 && (token[3] === '-' || token[3] === ' ')) {
      if (token[3] === token[8] && isValidMobile(token.replace(/[- ]/g, ''))) {
        out.push({ code: 'pii-mobile', start, end, rule: 'pii:mobile' });
      }
    }
  }
}
