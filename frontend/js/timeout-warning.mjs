// GOV.UK timeout warning; the server enforces the timeout. See docs/adr/0010. Small on
// purpose: tests/guards/test_page_weight.py counts these bytes.

function words(s) {
  const n = s >= 60 ? Math.ceil(s / 60) : s;
  const unit = s >= 60 ? "minute" : "second";
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

export function initTimeoutWarning(root = document) {
  const dialog = root.querySelector('[data-module="app-timeout-warning"]');
  if (!dialog || typeof dialog.showModal !== "function") return null;
  const remaining = Number(dialog.dataset.remaining);
  const warnBefore = Number(dialog.dataset.warnBefore);
  const timeout = Number(dialog.dataset.timeout) || remaining;
  if (!Number.isFinite(remaining) || !Number.isFinite(warnBefore)) return null;

  const countdown = dialog.querySelector(".app-timeout-warning__countdown");
  const announce = dialog.querySelector(".app-timeout-warning__announce");
  const form = dialog.querySelector("form.app-timeout-warning__keep-alive");
  let expiresAt = Date.now() + remaining * 1000;
  let warnTimer, tickTimer, returnFocus, sending;
  let marks = [];

  const left = () => Math.max(0, Math.round((expiresAt - Date.now()) / 1000));

  function tick() {
    const s = left();
    countdown.textContent = words(s);
    if (marks.length && s <= marks[0]) {
      while (marks.length && s <= marks[0]) marks.shift();
      announce.textContent = `We will sign you out in ${words(s)}.`;
    }
    if (s <= 0) window.location.reload();
  }

  function open() {
    if (dialog.open) return;
    returnFocus = document.activeElement;
    marks = [];
    for (let m = Math.floor((Math.min(warnBefore, left()) - 1) / 60); m >= 1; m--) {
      marks.push(m * 60);
    }
    marks.push(20);
    announce.textContent = "";
    tick();
    dialog.showModal();
    form.querySelector("button").focus();
    tickTimer = setInterval(tick, 1000);
  }

  function schedule() {
    clearTimeout(warnTimer);
    clearInterval(tickTimer);
    warnTimer = setTimeout(open, Math.max(0, expiresAt - Date.now() - warnBefore * 1000));
  }

  function close() {
    clearInterval(tickTimer);
    announce.textContent = "";
    if (dialog.open) dialog.close();
    if (returnFocus && returnFocus.isConnected) returnFocus.focus();
  }

  async function stay() {
    if (sending) return;
    sending = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      expiresAt = Date.now() + timeout * 1000;
      close();
      schedule();
    } catch {
      form.submit();
    } finally {
      sending = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    stay();
  });
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });
  // Focus stays in the dialog.
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const items = [...dialog.querySelectorAll("a[href], button")];
    const edge = items[event.shiftKey ? 0 : items.length - 1];
    if (document.activeElement === edge || !dialog.contains(document.activeElement)) {
      event.preventDefault();
      items[event.shiftKey ? items.length - 1 : 0].focus();
    }
  });
  // Timers run late after sleep.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    if (left() <= 0) window.location.reload();
    else if (left() <= warnBefore) open();
  });

  schedule();
  return { open, close, schedule };
}
