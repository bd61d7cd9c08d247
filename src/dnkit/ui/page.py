"""Give ipywidgets' sliders the accessible names they lack.

ipywidgets 8 draws sliders with noUiSlider: each handle is a focusable ``role="slider"`` with no
name, so a screen reader says only "slider, 6". The visible label sits beside it in the same
widget box. This tiny widget watches the dashboard and names each handle after that label
("Number of sessions", and "… lowest" / "… highest" for a range). It changes nothing else.
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
export default {
  render({ model, el }) {
    el.style.display = 'none';
    const root = () => el.closest(model.get('scope')) || document.body;
    let pending = false;
    const run = () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; nameHandles(root()); });
    };
    const observer = new MutationObserver(run);
    observer.observe(document.body, { childList: true, subtree: true });
    run();
    return () => observer.disconnect();
  },
};
"""


class AccessibleNames(anywidget.AnyWidget):
    """Invisible helper: place it inside the element whose sliders need names."""

    _esm = _ESM
    scope = traitlets.Unicode(".dn-app").tag(sync=True)
