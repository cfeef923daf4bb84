// The workshop's projector and presenter views, as progressive enhancement: without scripts
// each page is correct whenever it is loaded, and its buttons are forms.
//
// Live: every few seconds the page asks a small JSON endpoint (same origin, so the Content
// Security Policy allows it) for each side's count of answers, worded as the service words
// it ("fewer than 5"). Counts change in place. A view with a stage (the projector's wall,
// and the presenter's column of what is on the wall) also sends the version of the stage it
// shows, and which view it is; when what it would show differs (the facilitator moved on,
// revealed or saved a target, or answers arriving changed the figures), the answer carries
// the new stage, drawn by the server as the page draws it, and only the stage is swapped: no
// reload, focus kept where it was, and a polite announcement. Forms stay outside a stage, so
// notes being typed are never touched.

// Keys: on both views, for facilitators, Right arrow or Page Down moves to the next item,
// Left arrow or Page Up to the previous one, and R reveals the figures, except while typing
// in a box. At the ends (the join screen, the last item) next and previous do nothing and
// send nothing: the page knows where the wall is from the server, and each poll keeps that
// up to date, with the presenter's Previous and Next buttons disabled to match (GOV.UK's
// disabled button: `disabled` and `aria-disabled`). R is a single-character shortcut, so it
// can be turned off (WCAG 2.1.4); the choice is kept in this browser.

const POLL_MS = 4000;
const KEYS_OFF = "app-room-character-keys-off";

// Where the wall is: 0 is the join screen, `items` the last agenda item.
function updateEnds(root, position, items) {
  if (!Number.isInteger(position) || !Number.isInteger(items)) return;
  root.dataset.position = String(position);
  root.dataset.items = String(items);
  [
    ["previous", position <= 0],
    ["next", position >= items],
  ].forEach(([key, atEnd]) => {
    document.querySelectorAll(`form[data-room-key="${key}"] button`).forEach((button) => {
      button.disabled = atEnd;
      if (atEnd) button.setAttribute("aria-disabled", "true");
      else button.removeAttribute("aria-disabled");
    });
  });
}

function atEnd(root, action) {
  const position = Number.parseInt(root.dataset.position, 10);
  const items = Number.parseInt(root.dataset.items, 10);
  if (Number.isNaN(position) || Number.isNaN(items)) return false;
  return (action === "next" && position >= items) || (action === "previous" && position <= 0);
}

function updateCounts(root, counts) {
  Object.entries(counts || {}).forEach(([side, text]) => {
    root.querySelectorAll(`[data-live="${side}"]`).forEach((element) => {
      if (element.textContent !== text) element.textContent = text;
    });
  });
}

// Where an element sits under the stage, as child indexes, to find its twin after a swap.
function pathWithin(container, element) {
  const path = [];
  for (let node = element; node && node !== container; node = node.parentElement) {
    path.unshift([...node.parentElement.children].indexOf(node));
  }
  return path;
}

function atPath(container, path) {
  return path.reduce((node, index) => (node ? node.children[index] : null), container);
}

function heading(stage) {
  return stage.querySelector("[data-room-stage-title], h1")?.textContent.trim() || "";
}

function swapStage(root, fresh) {
  const stage = root.querySelector("[data-room-stage]");
  if (!stage || typeof fresh.html !== "string") return false;
  const focused = stage.contains(document.activeElement)
    ? pathWithin(stage, document.activeElement)
    : null;
  const before = heading(stage);
  const parsed = new DOMParser().parseFromString(fresh.html, "text/html");
  stage.replaceChildren(...[...parsed.body.childNodes].map((node) => document.importNode(node, true)));
  if (fresh.title) document.title = fresh.title;
  if (focused) atPath(stage, focused)?.focus?.({ preventScroll: true });
  const announce = root.querySelector("[data-room-announce]");
  if (announce) {
    const now = heading(stage);
    announce.textContent = now === before ? `The figures for ${now} have changed.` : `Now showing: ${now}.`;
  }
  root.dataset.stageVersion = fresh.version;
  return true;
}

function follow(root) {
  const url = root.dataset.liveUrl;
  if (!url) return;
  const staged = root.dataset.stageVersion !== undefined;
  let busy = false;

  async function poll() {
    if (!document.hidden && !busy) {
      busy = true;
      try {
        const ask = new URL(url, window.location.href);
        if (staged) {
          ask.searchParams.set("stage", root.dataset.stageVersion || "");
          if (root.dataset.appRoom !== "wall") ask.searchParams.set("view", root.dataset.appRoom);
        }
        const response = await fetch(ask, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (response.ok) {
          const data = await response.json();
          updateCounts(root, data.counts);
          updateEnds(root, data.position, data.items);
          if (staged && data.stage && data.stage.version !== root.dataset.stageVersion) {
            swapStage(root, data.stage);
          }
        }
      } catch {
        // Offline for a moment: try again at the next tick.
      } finally {
        busy = false;
      }
    }
    window.setTimeout(poll, POLL_MS);
  }
  window.setTimeout(poll, POLL_MS);
}

function characterKeysOn() {
  try {
    return window.localStorage.getItem(KEYS_OFF) !== "1";
  } catch {
    return true;
  }
}

function keysToggle(place) {
  if (!place) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary";
  const label = () => {
    const on = characterKeysOn();
    button.textContent = on ? "Turn off the R key shortcut" : "Turn on the R key shortcut";
    button.setAttribute("aria-pressed", on ? "false" : "true");
  };
  button.addEventListener("click", () => {
    try {
      window.localStorage.setItem(KEYS_OFF, characterKeysOn() ? "1" : "0");
    } catch {
      // No storage: the shortcut stays as it is.
    }
    label();
  });
  label();
  place.append(button);
}

function typing(target) {
  return Boolean(
    target &&
      target.closest &&
      target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"),
  );
}

function keys(root) {
  const forms = {};
  document.querySelectorAll("form[data-room-key]").forEach((form) => {
    forms[form.dataset.roomKey] = form;
  });
  keysToggle(root.querySelector("[data-room-keys-toggle]"));
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (typing(event.target)) return;
    let action = null;
    if (event.key === "ArrowRight" || event.key === "PageDown") action = "next";
    else if (event.key === "ArrowLeft" || event.key === "PageUp") action = "previous";
    else if ((event.key === "r" || event.key === "R") && characterKeysOn()) action = "reveal";
    const form = action && forms[action];
    if (!form) return;
    event.preventDefault();
    if (atEnd(root, action)) return;
    form.requestSubmit();
  });
}

export function initWorkshopRoom() {
  const root = document.querySelector("[data-app-room]");
  if (!root) return;
  follow(root);
  if (root.hasAttribute("data-app-room-keys")) keys(root);
}
