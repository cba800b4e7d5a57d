// The illustration of empty states, inline (no request to a CDN: the admin must work offline in
// sandbox mode and load without a failed request).
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="226" height="160" viewBox="0 0 226 160">
<rect x="33" y="40" width="160" height="100" rx="12" fill="#f1f1f1"/>
<rect x="53" y="60" width="80" height="10" rx="5" fill="#d4d4d4"/>
<rect x="53" y="80" width="120" height="8" rx="4" fill="#e3e3e3"/>
<rect x="53" y="96" width="100" height="8" rx="4" fill="#e3e3e3"/>
<path d="M113 18l20 14h-12v14h-16V32H93z" fill="#8a8a8a"/>
<circle cx="168" cy="118" r="14" fill="#29845a"/>
<path d="M161 118l5 5 9-10" stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round"/>
</svg>`;

export const EMPTY_IMAGE = `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
