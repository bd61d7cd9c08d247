// dnkit draft keeper: keeps the plan as a draft in this browser's localStorage, never on the server.
//
// On render it reports the draft it finds (trait `found`), then writes every new `saved` value.
// Switching `enabled` off deletes the draft and remembers the choice in this browser, so a shared
// computer keeps nothing after the next visit either. A custom {type: "clear"} message deletes it.
//
// It also watches the page's link to its kernel (on a Voila page only: JupyterLab has its own
// kernel indicator, and reloading is not the fix there). When the kernel is gone, every widget on
// the page is dead; the keeper then shows a banner at the top of the page that says so in words,
// with a Reload button. Its words come from Python (traits `lost_kept`, `lost_not_kept`,
// `reload_label`); the first one promises that the answers are kept, so it is shown only while
// a draft really is being kept.

const KEY = "dnkit-draft-v1";
const OFF = "dnkit-draft-v1-off";

// The banner and the classes the stylesheet (render/style.css) knows.
const BANNER_ID = "dn-connection-lost";
const WATCHED = "dn-connection-watched"; // on <body>: the broken-link icons are hidden
const LOST = "dn-connection-lost"; // on <body> while the banner shows
const HEIGHT_VAR = "--dn-connection-banner-height";
const DISCONNECTED = "jupyter-widgets-disconnected"; // ipywidgets' mark on a dead widget
// A socket that comes back within this time was a blip, not a lost connection.
const GRACE_MS = 2500;
// After a click or a change, ask the server whether the kernel is still there, at most this often.
const PROBE_EVERY_MS = 5000;
// Kernel states after which this page's widgets never work again (a restarted kernel is new
// and empty: it does not know the widgets on this page).
const GONE = new Set(["restarting", "autorestarting", "dead", "terminating"]);

function storage() {
  try {
    const ls = window.localStorage;
    ls.getItem(KEY); // throws when storage is blocked
    return ls;
  } catch (_err) {
    return null;
  }
}

// One watcher per page, whichever view of the keeper rendered first.
let watcher = null;

function showBanner(words, label) {
  let banner = document.getElementById(BANNER_ID);
  if (!banner) {
    banner = document.createElement("div");
    banner.id = BANNER_ID;
    banner.className = "dn-connection-banner";
    banner.setAttribute("role", "alert");
    const text = document.createElement("p");
    text.className = "dn-connection-text";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "dn-connection-reload";
    button.addEventListener("click", () => window.location.reload());
    banner.append(text, button);
    document.body.prepend(banner);
    // The page moves down by the banner's height (style.css), so the banner hides nothing.
    const measure = () =>
      document.body.style.setProperty(HEIGHT_VAR, `${banner.getBoundingClientRect().height}px`);
    if (window.ResizeObserver) new ResizeObserver(measure).observe(banner);
    else measure();
  }
  // textContent, never HTML: the words arrive as widget state.
  banner.querySelector(".dn-connection-text").textContent = words;
  banner.querySelector(".dn-connection-reload").textContent = label;
  document.body.classList.add(LOST);
}

function hideBanner() {
  const banner = document.getElementById(BANNER_ID);
  if (banner) banner.remove();
  document.body.classList.remove(LOST);
  document.body.style.removeProperty(HEIGHT_VAR);
}

// Ask the server whether this page's kernel still exists. Needed because a kernel shut down
// through the server's API (an operator, a memory guard) leaves the page's socket open and
// silent: nothing else would ever tell the page. Resolves to "here", "gone" or "unreachable".
async function askServer(kernel) {
  const settings = kernel.serverSettings || {};
  const base = settings.baseUrl || document.baseURI;
  const url = new URL(`api/kernels/${encodeURIComponent(kernel.id)}`, base);
  const headers = settings.token ? { Authorization: `token ${settings.token}` } : {};
  try {
    const reply = await window.fetch(url, { cache: "no-store", credentials: "same-origin", headers });
    return reply.status === 404 ? "gone" : "here";
  } catch (_err) {
    return "unreachable";
  }
}

function watchConnection(model, el, keeping) {
  if (!document.body || !document.body.dataset.voila) return null;
  document.body.classList.add(WATCHED);
  const state = { model, keeping, gone: false, socketDown: false, offline: false, away: false };
  let timer = null;

  const update = () => {
    if (!(state.gone || state.socketDown || state.offline || state.away)) {
      hideBanner();
      return;
    }
    const m = state.model;
    const words = state.keeping() ? m.get("lost_kept") : m.get("lost_not_kept");
    showBanner(String(words || ""), String(m.get("reload_label") || ""));
  };
  // A gone kernel shows at once; a lost socket, network or server after the grace time.
  const later = () => {
    if (timer === null) {
      timer = window.setTimeout(() => {
        timer = null;
        update();
      }, GRACE_MS);
    }
  };
  const gone = () => {
    state.gone = true;
    update();
  };

  // 1. ipywidgets marks the widgets of a dead kernel (or a closed comm). The keeper's own view
  // is watched: it is never closed while the page is in use, so its mark means the kernel is
  // gone, unless the view has just been taken off the page.
  new MutationObserver(() => {
    if (state.gone || !el.classList.contains(DISCONNECTED)) return;
    window.setTimeout(() => {
      if (el.isConnected && el.classList.contains(DISCONNECTED)) gone();
    }, 500);
  }).observe(el, { attributes: true, attributeFilter: ["class"] });

  // 2. The kernel connection: its socket, and the kernel's state as the server reports it.
  const manager = model.widget_manager;
  const kernel = manager && manager.kernel;
  let asked = 0;
  let pending = null;
  const probe = async (force = false) => {
    if (!kernel || !kernel.id || state.gone) return;
    const wait = asked + PROBE_EVERY_MS - Date.now();
    if (!force && wait > 0) {
      // Asked a moment ago: ask once more when the time is up, so the last action counts too.
      if (pending === null) {
        pending = window.setTimeout(() => {
          pending = null;
          probe(true);
        }, wait);
      }
      return;
    }
    asked = Date.now();
    const answer = await askServer(kernel);
    if (answer === "gone") gone();
    else {
      state.away = answer === "unreachable";
      if (state.away) {
        later();
        window.setTimeout(() => probe(true), GRACE_MS * 2);
      } else update();
    }
  };
  if (kernel && kernel.connectionStatusChanged && kernel.statusChanged) {
    kernel.connectionStatusChanged.connect((_k, status) => {
      state.socketDown = status !== "connected";
      if (state.socketDown) later();
      else update();
    });
    kernel.statusChanged.connect((_k, status) => {
      if (GONE.has(status)) gone();
    });
    if (GONE.has(kernel.status)) gone();
    // After the person does something, and when a phone brings the page back to the front.
    for (const type of ["change", "click"]) {
      document.addEventListener(type, () => probe(), { capture: true, passive: true });
    }
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") probe(true);
    });
  }

  // 3. The browser's own word that the network is gone.
  window.addEventListener("offline", () => {
    state.offline = true;
    later();
  });
  window.addEventListener("online", () => {
    state.offline = false;
    update();
    probe(true);
  });
  return state;
}

function render({ model, el }) {
  el.classList.add("dn-draft-store");
  const ls = storage();
  let lastWriteOk = true;
  // Whether this browser really holds a draft right now (switched on, the last write went in,
  // not just cleared): only then may the banner say that the answers are kept.
  const keeping = () => {
    if (ls === null || model.get("enabled") !== true || !lastWriteOk) return false;
    try {
      return ls.getItem(KEY) !== null;
    } catch (_err) {
      return false;
    }
  };
  if (watcher === null) watcher = watchConnection(model, el, keeping);
  else {
    watcher.model = model;
    watcher.keeping = keeping;
  }

  if (!ls) {
    model.set("problem", "This browser does not let the page keep a draft.");
    model.save_changes();
    return;
  }
  const report = (text) => {
    model.set("problem", text);
    model.save_changes();
  };
  const write = (text) => {
    if (!text) return;
    try {
      ls.setItem(KEY, text);
      lastWriteOk = true;
    } catch (_err) {
      lastWriteOk = false;
      report("This browser is out of room for a draft, so the latest answers were not kept.");
    }
  };
  const remove = () => {
    try {
      ls.removeItem(KEY);
    } catch (_err) {
      // nothing to remove
    }
  };
  if (ls.getItem(OFF) === "1") {
    model.set("enabled", false);
    model.set("found", "");
  } else {
    model.set("found", ls.getItem(KEY) || "");
  }
  model.save_changes();

  model.on("change:saved", () => {
    if (model.get("enabled")) write(model.get("saved"));
  });
  model.on("change:enabled", () => {
    if (model.get("enabled")) {
      ls.removeItem(OFF);
      write(model.get("saved"));
    } else {
      remove();
      ls.setItem(OFF, "1");
    }
  });
  model.on("msg:custom", (msg) => {
    if (msg && msg.type === "clear") remove();
  });
}

export default { render };
