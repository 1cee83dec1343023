import { GenerateCredentialReportCommand, GetCredentialReportCommand, type IAMClient } from '@aws-sdk/client-iam';
import { CREDENTIAL_REPORT_COLUMNS, fetchCredentialReport } from '../../tools/audit/credential-report';

/** An IAM client whose report is being generated for the first `pending` polls. */
function iamGenerating(pending: number) {
  const polls: number[] = [];
  const client = {
    send: async (command: unknown) => {
      if (command instanceof GenerateCredentialReportCommand) {
        polls.push(performance.now());
        return { State: polls.length > pending ? 'COMPLETE' : 'STARTED' };
      }
      if (command instanceof GetCredentialReportCommand) return { Content: new TextEncoder().encode(`${CREDENTIAL_REPORT_COLUMNS.join(',')}\n`) };
      throw new Error('unexpected command');
    },
  };
  return { iam: client as unknown as IAMClient, polls };
}

describe('credential report polling', () => {
  test('a report ready after two polls is fetched in under a second, the delay doubling from 250 ms', async () => {
    const { iam, polls } = iamGenerating(2);
    const started = performance.now();
    await fetchCredentialReport(iam);
    expect(polls).toHaveLength(3);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(polls[1] - polls[0]).toBeGreaterThanOrEqual(240);
    expect(polls[2] - polls[1]).toBeGreaterThanOrEqual(490);
  });

  test('the poll interval caps the delay', async () => {
    const { iam, polls } = iamGenerating(3);
    await fetchCredentialReport(iam, { pollIntervalMs: 20 });
    expect(polls).toHaveLength(4);
    expect(polls[3] - polls[0]).toBeLessThan(240);
  });
});
