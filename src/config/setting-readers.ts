// Reading raw string settings (environment merged over file) into values, each bad one adding a problem that names
// the variable and what it expects, so every problem is reported at once.
import { SETTINGS } from './settings.ts';

export type RawSettings = Readonly<Record<string, string | undefined>>;

export interface SettingReaders {
  readonly raw: RawSettings;
  readonly problems: string[];
  /** The value, or the documented default. */
  readonly get: (k: string) => string;
  readonly int: (k: string, min: number, max: number) => number;
  readonly bool: (k: string) => boolean;
  /** A chat-platform id compared with callback fields (at most 128 characters, no spaces or commas). */
  readonly id: (k: string) => string;
}

export const HOST = /^[a-z0-9.-]+(:\d{1,5})?$/i;
export const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function list(v: string | undefined, sep: RegExp = /,/): string[] {
  return (v ?? '')
    .split(sep)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function createSettingReaders(raw: RawSettings, problems: string[]): SettingReaders {
  const get = (k: string): string => raw[k] ?? SETTINGS.find((s) => s.env === k)?.default ?? '';
  return {
    raw,
    problems,
    get,
    int: (k, min, max) => {
      const v = get(k);
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
        problems.push(`${k}=${JSON.stringify(v)}: expected a whole number from ${min} to ${max}`);
        return min;
      }
      return Number(v);
    },
    bool: (k) => {
      const v = get(k).toLowerCase();
      if (!['true', 'false', '1', '0', 'yes', 'no'].includes(v))
        problems.push(`${k}=${JSON.stringify(v)}: expected true or false`);
      return ['true', '1', 'yes'].includes(v);
    },
    // Compared with body fields that are capped at 128 characters; anything else could never match.
    id: (k) => {
      // The raw value: a documented default such as "(client ID)" is a description, never an id to compare with.
      const v = (raw[k] ?? '').trim();
      if (v.length > 128 || /[\s,]/.test(v))
        problems.push(
          `${k}=${JSON.stringify(v)}: expected one id of at most 128 characters, no spaces or commas`,
        );
      return v;
    },
  };
}
