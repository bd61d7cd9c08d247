// What a person meets on a step: text sizes by characters, tap targets, content cut off at
// the right edge, addresses shown as text, and the page's height (tests/e2e/test_phone.py).
() => {
  const W = window.innerWidth;
  const shown = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  let big = 0, small = 0, all = 0; const smallText = [];
  const urls = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const t = walk.currentNode.textContent.trim(); if (!t) continue;
    const el = walk.currentNode.parentElement;
    if (!el || !shown(el) || el.closest('style, script, svg, .js-plotly-plot, .dn-chart')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize); all += t.length;
    if (size >= 15.95) big += t.length;
    if (size < 13.95) { small += t.length; if (smallText.length < 5) smallText.push(`${size}px: ${t.slice(0, 40)}`); }
    if (/https?:\/\/|www\./.test(t)) urls.push(t.slice(0, 60));
  }
  const targets = [...document.querySelectorAll(
    'button, select, input, textarea, a[href], summary, [role=button], [role=tab]')]
    .filter((el) => shown(el) && el.type !== 'hidden' && el.type !== 'file'
      && !el.closest('.js-plotly-plot svg'));
  const tiny = [];
  for (const el of targets) {
    let box = el;
    if (el.type === 'checkbox' || el.type === 'radio') box = el.closest('label') || el.parentElement;
    if (el.tagName === 'A' && el.closest('p, li, td, dd')) continue;  // links inside a sentence
    const r = box.getBoundingClientRect();
    if (r.width < 43.5 || r.height < 43.5)
      tiny.push(`${el.tagName.toLowerCase()} ${Math.round(r.width)}x${Math.round(r.height)} ` +
                `${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30)}`);
  }
  const inputs = [...document.querySelectorAll('input[type=text], select, textarea')].filter(shown)
    .filter((el) => parseFloat(getComputedStyle(el).fontSize) < 15.95).map((el) => el.outerHTML.slice(0, 60));
  const cut = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!shown(el) || el.closest('[role=region][aria-label], .js-plotly-plot')) continue;
    const r = el.getBoundingClientRect();
    if (r.right > W + 1 && (el.innerText || '').trim()) cut.push(`${el.tagName.toLowerCase()}.${el.className.toString().slice(0, 30)} right=${Math.round(r.right)}`);
  }
  return { chars: all, share16: all ? big / all : 1, under14: small, smallText, targets: targets.length,
           tiny, inputs, cut: cut.slice(0, 8), cutCount: cut.length, urls,
           height: document.documentElement.scrollHeight };
}
