// The exact text of a reply's message, from the same catalogs the controller formats: e2e tests assert whole
// sentences by key and parameters instead of loose patterns.
import { actionMessages } from '../../src/actions/messages.ts';
import { authzMessages } from '../../src/authz/messages.ts';
import { commandMessages } from '../../src/commands/messages.ts';
import { dispatchMessages } from '../../src/dispatch/messages.ts';
import { formatMessage, mergeCatalogs, type Locale } from '../../src/i18n/catalog.ts';

const catalog = mergeCatalogs(actionMessages, authzMessages, commandMessages, dispatchMessages);

export function message(
  key: string,
  params: Readonly<Record<string, string | number>> = {},
  locale: Locale = 'en',
): string {
  return formatMessage(catalog, locale, { key, params });
}
