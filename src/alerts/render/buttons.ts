// One-tap commands under an alert: `dtmd://` links that make the *reader* send the command, filled from the alert's
// labels. A placeholder whose label is missing or not a Kubernetes name drops the button; free text never goes in.
import { neutralizeMarkdown } from '../../i18n/neutralize-markdown.ts';

export interface ActionTemplate {
  readonly title: string;
  readonly command: string;
}

const PLACEHOLDER = /\{\{ *labels\.([a-zA-Z_][a-zA-Z0-9_]*) *\}\}/g;
/** A DNS-1123 subdomain: what every workload, pod and namespace name is. Nothing else may fill a placeholder. */
const KUBE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** The command with its placeholders filled, or undefined when a label is missing or not a valid name. */
export function fillCommand(template: string, labels: Readonly<Record<string, string>>): string | undefined {
  let ok = true;
  const filled = template.replace(PLACEHOLDER, (_m, name: string) => {
    const v = Object.hasOwn(labels, name) ? labels[name] : undefined;
    if (v === undefined || v.length > 253 || !KUBE_NAME.test(v)) {
      ok = false;
      return '';
    }
    return v;
  });
  // A template that still holds braces was not one the CRD admits; refuse rather than send it.
  if (!ok || /[{}\n\r]/.test(filled)) return undefined;
  return filled.trim() === '' ? undefined : filled.trim();
}

/** `[title](dtmd://dingtalkclient/sendMessage?content=…)`, the content percent-encoded as a whole. */
export function renderButton(title: string, command: string): string {
  return `[${neutralizeMarkdown(title)}](dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(command)})`;
}

/** The buttons of one alert, joined on one line; empty when every button was dropped. */
export function renderButtons(
  actions: readonly ActionTemplate[],
  labels: Readonly<Record<string, string>>,
): string {
  const out: string[] = [];
  for (const a of actions) {
    const command = fillCommand(a.command, labels);
    if (command !== undefined) out.push(renderButton(a.title, command));
  }
  return out.join(' · ');
}
