// A "Copy link" button beside a link (or token) shown once, as progressive enhancement:
// without scripts the read-only box is there to select and copy by hand. Mark the form group
// holding the box with data-app-copy="link" (the word used on the button).

function copyWithSelection(box) {
  box.focus();
  box.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}

async function copy(box) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(box.value);
      return true;
    } catch {
      // Refused (permissions): fall back to the selection.
    }
  }
  return copyWithSelection(box);
}

function initOne(group) {
  const box = group.querySelector("input, textarea");
  if (!box) return null;
  const noun = group.dataset.appCopy || "link";

  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary app-copy__button";
  button.textContent = `Copy ${noun}`;
  const status = document.createElement("p");
  status.className = "govuk-body-s app-copy__status";
  status.setAttribute("role", "status");
  group.append(button, status);

  // A click in the box selects the whole of it, ready to copy by hand.
  box.addEventListener("focus", () => box.select());
  button.addEventListener("click", async () => {
    const copied = await copy(box);
    status.textContent = copied
      ? `${noun[0].toUpperCase()}${noun.slice(1)} copied. Paste it where you need it.`
      : `Your browser did not let us copy the ${noun}. It is selected: copy it with your keyboard or menu.`;
    if (!copied) box.select();
  });
  return button;
}

export function initCopyButtons(root = document) {
  return Array.from(root.querySelectorAll("[data-app-copy]"))
    .map(initOne)
    .filter(Boolean);
}
