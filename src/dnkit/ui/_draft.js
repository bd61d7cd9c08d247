// dnkit draft keeper: keeps the plan as a draft in this browser's localStorage, never on the server.
//
// On render it reports the draft it finds (trait `found`), then writes every new `saved` value.
// Switching `enabled` off deletes the draft and remembers the choice in this browser, so a shared
// computer keeps nothing after the next visit either. A custom {type: "clear"} message deletes it.

const KEY = "dnkit-draft-v1";
const OFF = "dnkit-draft-v1-off";

function storage() {
  try {
    const ls = window.localStorage;
    ls.getItem(KEY); // throws when storage is blocked
    return ls;
  } catch (_err) {
    return null;
  }
}

function render({ model, el }) {
  el.classList.add("dn-draft-store");
  const ls = storage();
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
    } catch (_err) {
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
