// A "find" box above long lists of checkboxes (the organisations in a relationship), as
// progressive enhancement: without scripts every checkbox is simply listed. Ticked items
// always stay visible, so filtering never hides a choice already made.

const MIN_ITEMS = 10;

function normalise(text) {
  return text.toLocaleLowerCase("en-GB").replace(/\s+/g, " ").trim();
}

function initOne(list, index) {
  const items = Array.from(list.querySelectorAll(".govuk-checkboxes__item"));
  if (items.length < MIN_ITEMS) return null;
  const noun = list.dataset.appFilter || "items";
  const id = `app-filter-${index}`;

  const group = document.createElement("div");
  group.className = "govuk-form-group app-checkbox-filter";
  const label = document.createElement("label");
  label.className = "govuk-label";
  label.htmlFor = id;
  label.textContent = `Find ${noun} in this list`;
  const input = document.createElement("input");
  input.className = "govuk-input govuk-!-width-two-thirds";
  input.id = id;
  input.type = "search";
  input.autocomplete = "off";
  input.spellcheck = false;
  const status = document.createElement("p");
  status.className = "govuk-body-s app-checkbox-filter__status";
  status.setAttribute("aria-live", "polite");
  group.append(label, input, status);
  list.before(group);

  const labels = items.map((item) => normalise(item.textContent));
  let announceTimer = null;

  function apply(event) {
    const query = normalise(input.value);
    let shown = 0;
    let ticked = 0;
    items.forEach((item, i) => {
      const checked = item.querySelector("input").checked;
      const visible = !query || checked || labels[i].includes(query);
      item.hidden = !visible;
      if (visible) shown += 1;
      if (checked) ticked += 1;
    });
    const message = query
      ? `Showing ${shown} of ${items.length} ${noun} (${ticked} selected).`
      : `${items.length} ${noun}, ${ticked} selected.`;
    clearTimeout(announceTimer);
    if (!event) {
      status.textContent = message; // on load: shown, with nothing to announce yet
      return;
    }
    // Announce once typing pauses, not on every key press.
    announceTimer = setTimeout(() => {
      status.textContent = message;
    }, 400);
  }

  input.addEventListener("input", apply);
  input.addEventListener("keydown", (event) => {
    // Enter in the find box must not send the whole form.
    if (event.key === "Enter") event.preventDefault();
  });
  list.addEventListener("change", apply);
  apply();
  return input;
}

export function initCheckboxFilters(root = document) {
  return Array.from(root.querySelectorAll("[data-app-filter]"))
    .map(initOne)
    .filter(Boolean);
}
