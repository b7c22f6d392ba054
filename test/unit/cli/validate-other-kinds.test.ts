// kubetalk validate is generic over crds/: ChatIdentities are checked by their CRD file, and a kubetalk.io kind with no
// CRD file is named as such (a kind added to crds/ is then checked with nothing else to write).
import { describe, expect, it } from 'vitest';
import type { ValidationReport } from '../../../src/cli/check-chat-commands.ts';
import { runValidate } from '../../../src/cli/run-validate.ts';
import { captureIo } from './support/capture-io.ts';

async function validateJson(stdin: string): Promise<{ code: number; report: ValidationReport }> {
  const io = captureIo({ stdin });
  const code = await runValidate(['-f', '-', '-o', 'json'], io);
  return { code, report: JSON.parse(io.out()) as ValidationReport };
}

describe('kubetalk validate on kinds other than ChatCommand', () => {
  it('names a kubetalk.io kind that no file in crds/ defines, with the kinds it knows', async () => {
    const { code, report } = await validateJson(
      'apiVersion: kubetalk.io/v1alpha1\nkind: NoSuchKind\nmetadata: { name: x, namespace: shop }\nspec: {}\n',
    );
    expect(code).toBe(1);
    expect(report.objects[0]?.status).toBe('invalid');
    expect(report.objects[0]?.problems[0]).toMatch(
      /^kind: no CRD in crds\/ defines kubetalk\.io\/v1alpha1 NoSuchKind \(known: .*kubetalk\.io\/v1alpha1 ChatCommand/,
    );
  });

  it('still skips kinds of other groups', async () => {
    const { code, report } = await validateJson('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n');
    expect(code).toBe(0);
    expect(report.objects[0]?.status).toBe('skipped');
  });
});
