// GOV.UK "timeout warning" pattern, as progressive enhancement. The server signs people out
// after a period without requests (and the sign-in page says why); this only warns two
// minutes beforehand in a modal dialog, with "Stay signed in" (keeps the session alive
// without leaving the page) and "Sign out". Without scripts the dialog is never shown.

function words(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

export function initTimeoutWarning(root = document) {
  const dialog = root.querySelector('[data-module="app-timeout-warning"]');
  if (!dialog || typeof dialog.showModal !== "function") return null;

  const remainingAtLoad = Number(dialog.dataset.remaining);
  const warnBefore = Number(dialog.dataset.warnBefore);
  if (!Number.isFinite(remainingAtLoad) || !Number.isFinite(warnBefore)) return null;

  const countdown = dialog.querySelector(".app-timeout-warning__countdown");
  const announce = dialog.querySelector(".app-timeout-warning__announce");
  const keepAlive = dialog.querySelector("form.app-timeout-warning__keep-alive");
  let expiresAt = Date.now() + remainingAtLoad * 1000;
  let warnTimer = null;
  let tickTimer = null;
  let returnFocus = null;

  function secondsLeft() {
    return Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
  }

  function tick() {
    const left = secondsLeft();
    countdown.textContent = words(left);
    // Announce at whole minutes and the last 20 seconds, not every second.
    if (left % 60 === 0 || left === 20) {
      announce.textContent = `We will sign you out in ${words(left)}.`;
    }
    if (left <= 0) {
      clearInterval(tickTimer);
      // The server has signed the person out: reloading shows the sign-in page and why.
      window.location.reload();
    }
  }

  function open() {
    returnFocus = document.activeElement;
    tick();
    dialog.showModal();
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
    if (dialog.open) dialog.close();
    if (returnFocus && typeof returnFocus.focus === "function") returnFocus.focus();
  }

  keepAlive.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const response = await fetch(keepAlive.action, {
        method: "POST",
        body: new FormData(keepAlive),
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      expiresAt = Date.now() + (Number(dialog.dataset.timeout) || remainingAtLoad) * 1000;
      close();
      schedule();
    } catch {
      keepAlive.submit(); // fall back to the plain form, which comes back to this page
    }
  });

  // Escape would close the dialog without keeping the session: treat it as "Stay signed in".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    keepAlive.requestSubmit();
  });

  schedule();
  return { open, close, schedule };
}
