// GOV.UK "timeout warning" pattern, as progressive enhancement. The server signs people out
// after a period without requests (and the sign-in page says why); this only warns two
// minutes beforehand in a modal dialog, with "Stay signed in" (keeps the session alive
// without leaving the page) and "Sign out". Without scripts the dialog is never shown.
//
// Accessibility: the native modal <dialog> makes the rest of the page inert; focus moves to
// "Stay signed in" when it opens, Tab and Shift+Tab stay inside it, and it goes back where it
// was when the dialog closes. Escape means "Stay signed in". The visible countdown changes
// every second, but screen readers are told (politely) only at each whole minute and at 20
// seconds, not every second. No inline script or style: the page's CSP nonce is not needed.

const FOCUSABLE = "a[href], button:not([disabled]), input:not([type=hidden]), [tabindex]";

function words(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

// The times (in seconds left) at which screen readers hear how long is left: every whole
// minute below the warning period, then 20 seconds.
function announcementsFor(warnBefore) {
  const marks = [];
  for (let minute = Math.floor((warnBefore - 1) / 60); minute >= 1; minute -= 1) {
    marks.push(minute * 60);
  }
  marks.push(20);
  return marks;
}

export function initTimeoutWarning(root = document) {
  const dialog = root.querySelector('[data-module="app-timeout-warning"]');
  if (!dialog || typeof dialog.showModal !== "function") return null;

  const remainingAtLoad = Number(dialog.dataset.remaining);
  const warnBefore = Number(dialog.dataset.warnBefore);
  const timeout = Number(dialog.dataset.timeout) || remainingAtLoad;
  if (!Number.isFinite(remainingAtLoad) || !Number.isFinite(warnBefore)) return null;

  const countdown = dialog.querySelector(".app-timeout-warning__countdown");
  const announce = dialog.querySelector(".app-timeout-warning__announce");
  const keepAlive = dialog.querySelector("form.app-timeout-warning__keep-alive");
  const stayButton = keepAlive.querySelector("button");
  let expiresAt = Date.now() + remainingAtLoad * 1000;
  let warnTimer = null;
  let tickTimer = null;
  let returnFocus = null;
  let marks = [];
  let sending = false;

  function secondsLeft() {
    return Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
  }

  function tick() {
    const left = secondsLeft();
    countdown.textContent = words(left);
    if (marks.length && left <= marks[0]) {
      while (marks.length && left <= marks[0]) marks.shift();
      announce.textContent = `We will sign you out in ${words(left)}.`;
    }
    if (left <= 0) {
      clearInterval(tickTimer);
      // The server has signed the person out: reloading shows the sign-in page and why.
      window.location.reload();
    }
  }

  function open() {
    if (dialog.open) return;
    returnFocus = document.activeElement;
    marks = announcementsFor(Math.min(warnBefore, secondsLeft()));
    announce.textContent = "";
    tick();
    dialog.showModal();
    stayButton.focus();
    tickTimer = setInterval(tick, 1000);
  }

  function schedule() {
    clearTimeout(warnTimer);
    clearInterval(tickTimer);
    const wait = Math.max(0, expiresAt - Date.now() - warnBefore * 1000);
    warnTimer = setTimeout(open, wait);
  }

  function close() {
    clearInterval(tickTimer);
    announce.textContent = "";
    if (dialog.open) dialog.close();
    if (returnFocus && returnFocus.isConnected && typeof returnFocus.focus === "function") {
      returnFocus.focus();
    }
    returnFocus = null;
  }

  async function stay() {
    if (sending) return;
    sending = true;
    try {
      const response = await fetch(keepAlive.action, {
        method: "POST",
        body: new FormData(keepAlive),
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      expiresAt = Date.now() + timeout * 1000;
      close();
      schedule();
    } catch {
      keepAlive.submit(); // fall back to the plain form, which comes back to this page
    } finally {
      sending = false;
    }
  }

  keepAlive.addEventListener("submit", (event) => {
    event.preventDefault();
    stay();
  });

  // Escape would close the dialog without keeping the session: treat it as "Stay signed in".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });

  // Keep Tab and Shift+Tab inside the dialog (rather than out to the browser's own controls).
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const focusable = [...dialog.querySelectorAll(FOCUSABLE)].filter(
      (element) => element.tabIndex >= 0 && element.getClientRects().length > 0,
    );
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const outside = !dialog.contains(document.activeElement);
    if (event.shiftKey && (outside || document.activeElement === first)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (outside || document.activeElement === last)) {
      event.preventDefault();
      first.focus();
    }
  });

  // Timers are late after a laptop sleeps or a tab is in the background: check on return.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    if (secondsLeft() <= 0) window.location.reload();
    else if (!dialog.open && secondsLeft() <= warnBefore) open();
  });

  schedule();
  return { open, close, schedule };
}
