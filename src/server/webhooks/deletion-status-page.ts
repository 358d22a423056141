import * as z from 'zod/mini';
import { GAVE_UP_RUN_AFTER } from '../jobs/job-runner.js';
import { META_CHANGE_JOB, MetaChangePayload } from '../jobs/meta-change-job.js';
import type { Job } from '../store/channel-store.js';

/** What the page says of a data-deletion request, from its job. */
export type DeletionState = 'done' | 'in_progress' | 'failed' | 'unknown';

export function deletionState(job: Job | null): DeletionState {
  const payload = job?.kind === META_CHANGE_JOB ? z.safeParse(MetaChangePayload, job.payload) : null;
  // Another kind of job is no deletion request: its id says nothing here.
  if (!job || !payload?.success || payload.data.change !== 'data_deleted') return 'unknown';
  if (job.doneAt) return 'done';
  return job.runAfter === GAVE_UP_RUN_AFTER ? 'failed' : 'in_progress';
}

const WORDS: Record<DeletionState, { title: string; text: string }> = {
  done: { title: 'Deleted', text: 'Your request is done: the access to your accounts that you granted this app has been deleted.' },
  in_progress: { title: 'In progress', text: 'Your request was received and is being carried out. It takes a few minutes at most.' },
  failed: { title: 'Not done', text: 'Your request was received but could not be carried out. Contact the app’s support and give them this confirmation code.' },
  unknown: {
    title: 'Unknown request',
    text: 'No data-deletion request has this confirmation code. A request that was carried out is remembered for 8 days after it was done.',
  },
};

/** The page Meta links a person to after a data-deletion request: whether it is done, in plain words. */
export function deletionStatusPage(state: DeletionState, code: string): Response {
  const { title, text } = WORDS[state];
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Data deletion: ${escapeHtml(title)}</title></head>
<body>
<h1>Data deletion: ${escapeHtml(title)}</h1>
<p>${escapeHtml(text)}</p>
<p>Confirmation code: <code>${escapeHtml(code)}</code></p>
</body>
</html>`;
  return new Response(html, {
    status: state === 'unknown' ? 404 : 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
    },
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
