"""The page's own small helper in the browser: what Python cannot do from the kernel.

- ipywidgets 8 draws sliders with noUiSlider: each handle is a focusable ``role="slider"`` with
  no name, so a screen reader says only "slider, 6". The helper names each handle after the
  label in the same widget box ("Number of sessions", and "… lowest" / "… highest").
- When the person moves to another step, the top of that step comes into view (under the
  sticky step bar) and its heading takes the keyboard focus, so "Next" never lands at the
  bottom of the next step.
- In-page links ("#dn-learn-safety") open the section they point to: a ``<details>``, or an
  ipywidgets Accordion panel (whose header ipywidgets draws as a plain ``div``: the helper makes
  it a button a keyboard can reach, which says whether it is open).

It changes nothing else and keeps no data.
"""

from __future__ import annotations

import anywidget
import traitlets

_ESM = """
function nameHandles(root) {
  root.querySelectorAll('.widget-slider, .widget-hslider').forEach((box) => {
    const label = box.querySelector(':scope > .widget-label');
    const text = label ? label.textContent.trim() : '';
    if (!text) return;
    const handles = box.querySelectorAll('.noUi-handle');
    handles.forEach((h, i) => {
      const name = handles.length > 1 ? `${text}: ${i === 0 ? 'lowest' : 'highest'}` : text;
      if (h.getAttribute('aria-label') !== name) h.setAttribute('aria-label', name);
    });
  });
}
function showTop(root, selector) {
  const step = root.querySelector(selector);
  if (!step) return false;
  step.scrollIntoView({ block: 'start' });
  const heading = step.querySelector('h2, h1');
  if (heading) {
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
  return true;
}
const PANEL = '.jupyter-widget-Collapse';
const HEADER = '.jupyter-widget-Collapse-header';
function nameHeaders(root) {
  root.querySelectorAll(HEADER).forEach((h) => {
    const open = String(h.parentElement.classList.contains('jupyter-widget-Collapse-open'));
    if (h.getAttribute('role') !== 'button') { h.setAttribute('role', 'button'); h.tabIndex = 0; }
    if (h.getAttribute('aria-expanded') !== open) h.setAttribute('aria-expanded', open);
  });
}
function openTarget(root, hash) {
  if (!hash || hash.length < 2) return;
  const target = root.querySelector(hash.replace(/[^#\\w-]/g, ''));
  if (!target) return;
  const box = target.closest('details');
  if (box) box.open = true;
  if (target.tagName === 'DETAILS') target.open = true;
  const panel = target.closest(PANEL);
  if (panel && !panel.classList.contains('jupyter-widget-Collapse-open')) {
    panel.querySelector(HEADER).click();
  }
  (panel || target).scrollIntoView({ block: 'start' });
}
export default {
  render({ model, el }) {
    el.style.display = 'none';
    const root = () => el.closest(model.get('scope')) || document.body;
    let pending = false;
    const run = () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; nameHandles(root()); nameHeaders(root()); });
    };
    const observer = new MutationObserver(run);
    observer.observe(document.body, { childList: true, subtree: true, attributeFilter: ['class'] });
    run();
    // A new step: wait until its view is in the page (it may be built just now), then show it.
    const onStep = () => {
      const selector = model.get('show');
      if (!selector) return;
      let tries = 0;
      const attempt = () => {
        if (showTop(root(), selector) || ++tries > 40) return;
        setTimeout(attempt, 50);
      };
      requestAnimationFrame(attempt);
    };
    model.on('change:nonce', onStep);
    const onClick = (event) => {
      const link = event.target.closest && event.target.closest('a[href^="#"]');
      if (!link || !root().contains(link)) return;
      event.preventDefault();
      openTarget(root(), link.getAttribute('href'));
    };
    document.addEventListener('click', onClick);
    const onKey = (event) => {
      const header = event.target.closest && event.target.closest(HEADER);
      if (!header || !root().contains(header) || !['Enter', ' '].includes(event.key)) return;
      event.preventDefault();
      header.click();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      observer.disconnect();
      document.removeEventListener('click', onClick);
      document.removeEventListener('keydown', onKey);
    };
  },
};
"""


class PageHelper(anywidget.AnyWidget):
    """Invisible helper: place it inside the element it serves (``scope``)."""

    _esm = _ESM
    scope = traitlets.Unicode(".dn-app").tag(sync=True)
    show = traitlets.Unicode("").tag(sync=True)
    nonce = traitlets.Int(0).tag(sync=True)

    def bring_into_view(self, selector: str) -> None:
        """Scroll the element found by ``selector`` to the top and focus its heading."""
        self.show = selector
        self.nonce += 1
