// An incident's post-incident review (PIR) on the page: its six sections as Beacon read them, and the
// document as Microsoft published it. The key travels in a header, so the file is fetched, then saved.

import { h } from './dom.js';
import { formatDateTime } from './format.js';

const SECTIONS = [
  ['userImpact', 'User impact'],
  ['scopeOfImpact', 'Scope of impact'],
  ['startEndTime', 'Start and end'],
  ['rootCause', 'Root cause'],
  ['actionsTaken', 'Actions taken'],
  ['nextSteps', 'Next steps'],
];

const FORMATS = new Map([
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', ['Word', 'docx']],
  ['application/pdf', ['PDF', 'pdf']],
  ['text/plain', ['text', 'txt']],
]);

/** The review of an incident, or null when Graph has published none (or the incident was not asked for it). */
export function postIncidentReview(incident, { getKey = () => null } = {}) {
  const review = incident.postIncidentReview;
  if (!review) return null;
  const found = SECTIONS.filter(([field]) => review[field]);
  const body = !review.url
    ? h('p', { class: 'incident__pir' }, 'Microsoft has published it; Beacon has not fetched it yet.')
    : !review.parsed
      ? h(
          'p',
          { class: 'incident__pir' },
          `Its text could not be read (${review.parseError}); the document is kept as Microsoft published it.`,
        )
      : found.length === 0
        ? h('p', { class: 'incident__pir' }, 'None of the six sections was found in its text.')
        : h(
            'dl',
            { class: 'incident-review__sections' },
            found.map(([field, label]) => [h('dt', {}, label), h('dd', {}, review[field])]),
          );
  return h(
    'section',
    {
      class: 'incident-review',
      'aria-label': `Post-incident review of ${review.issueId}`,
      dataset: { review: review.issueId },
    },
    h('h4', {}, 'Post-incident review'),
    h('p', { class: 'incident__pir' }, `${review.issueId}, published ${formatDateTime(review.publishedAt)}`),
    body,
    review.url ? downloadButton(review, getKey) : null,
  );
}

function downloadButton(review, getKey) {
  const [kind, extension] = FORMATS.get(review.mediaType) ?? ['document', 'bin'];
  const name = `${review.issueId}-post-incident-review.${extension}`;
  const status = h('span', { class: 'incident-review__status', role: 'status' });
  return h(
    'p',
    {},
    h(
      'button',
      {
        type: 'button',
        class: 'button--secondary',
        'data-review-download': review.url,
        onclick: () => download(review.url, name, getKey, status),
      },
      `Download the ${kind} document (${kilobytes(review.size)})`,
    ),
    ' ',
    status,
  );
}

async function download(url, name, getKey, status) {
  status.textContent = 'Fetching the document…';
  try {
    const key = getKey();
    const response = await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      throw new Error(body?.errors?.[0]?.message ?? `HTTP ${response.status}`);
    }
    const objectUrl = URL.createObjectURL(await response.blob());
    const link = h('a', { href: objectUrl, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
    status.textContent = `${name} is ready.`;
  } catch (caught) {
    status.textContent = `The download failed: ${caught.message}`;
  }
}

function kilobytes(size) {
  return size < 1024 ? `${size} bytes` : `${Math.round(size / 1024)} KB`;
}
