// The workshop's projector and presenter views, as progressive enhancement: without scripts
// each page is correct whenever it is loaded, and its buttons are forms.
//
// Live: every few seconds the page asks a small JSON endpoint (same origin, so the Content
// Security Policy allows it) for each side's count of answers, worded as the service words
// it ("fewer than 5"), and for the wall's state. Counts change in place. When the state
// changes (the facilitator moved on, revealed the figures, or saved a target), the projector
// fetches its own page again and swaps in the new stage, without reloading.
//
// Keys: on both views, for facilitators, Right arrow or Page Down moves to the next item,
// Left arrow or Page Up to the previous one, and R reveals the figures, except while typing
// in a box. R is a single-character shortcut, so it can be turned off (WCAG 2.1.4); the
// choice is kept in this browser.

const POLL_MS = 4000;
const KEYS_OFF = "app-room-character-keys-off";

function updateCounts(root, counts) {
  Object.entries(counts || {}).forEach(([side, text]) => {
    root.querySelectorAll(`[data-live="${side}"]`).forEach((element) => {
      if (element.textContent !== text) element.textContent = text;
    });
  });
}

async function swapStage(root) {
  const response = await fetch(window.location.href, {
    credentials: "same-origin",
    headers: { Accept: "text/html" },
  });
  if (!response.ok) return null;
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  const stage = fresh.querySelector("[data-room-stage]");
  const current = root.querySelector("[data-room-stage]");
  if (!stage || !current) return null;
  current.replaceWith(document.importNode(stage, true));
  document.title = fresh.title;
  return fresh.querySelector("[data-app-room]")?.dataset.state || null;
}

function follow(root) {
  const url = root.dataset.liveUrl;
  if (!url) return;
  const swaps = root.dataset.appRoom === "wall";
  let state = root.dataset.state;
  let busy = false;

  async function poll() {
    if (!document.hidden && !busy) {
      busy = true;
      try {
        const response = await fetch(url, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (response.ok) {
          const data = await response.json();
          updateCounts(root, data.counts);
          if (swaps && data.state !== state) {
            state = (await swapStage(root)) || data.state;
            root.dataset.state = state;
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
    form.requestSubmit();
  });
}

export function initWorkshopRoom() {
  const root = document.querySelector("[data-app-room]");
  if (!root) return;
  follow(root);
  if (root.hasAttribute("data-app-room-keys")) keys(root);
}
