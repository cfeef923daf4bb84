// Long lists of choices (core/long_lists.py): without scripts a plain select; with them, a
// search with alphagov's accessible autocomplete (bundled from its source with Preact, no
// other site asked). A multiple select (the relationship form's organisations) gets a list of
// those chosen, each with a Remove button; a select of one (the relationship an action
// answers) becomes the search box itself. The hidden select stays the form's answer, so the
// server sees one shape. Its own bundle, loaded only by the pages that have such a list
// (govuk/picker_script.html).
import accessibleAutocomplete from "accessible-autocomplete/src/wrapper.js";

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text) {
  // The autocomplete writes suggestions as HTML.
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function normalise(text) {
  return text.toLocaleLowerCase("en-GB").replace(/\s+/g, " ").trim();
}

// The autocomplete in place of `select`, with what both kinds of list share: GOV.UK's input
// style, "No … found", the label, hint and error summary's link moved to the search box.
function searchBox(select, finder, noun, own) {
  const inputId = `${select.id}-find`;
  accessibleAutocomplete({
    element: finder,
    id: inputId,
    showNoOptionsFound: true,
    tNoResults: () => `No ${noun} found`,
    displayMenu: "overlay",
    dropdownArrow: () => "",
    inputClasses: "govuk-input",
    menuAttributes: { "aria-label": `${noun} found` },
    ...own,
  });
  const input = document.getElementById(inputId);
  const group = select.closest(".govuk-form-group");
  const label = group.querySelector(`label[for="${select.id}"]`);
  const hint = group.querySelector(`#${select.id}-hint`);
  if (label) label.htmlFor = inputId;
  // The error summary's link goes to the search, not to the hidden select.
  document.querySelectorAll(`a[href="#${select.id}"]`).forEach((link) => {
    link.setAttribute("href", `#${inputId}`);
  });
  if (hint) input.setAttribute("aria-describedby", hint.id);
  return input;
}

function initMany(select) {
  const group = select.closest(".govuk-form-group");
  const hint = group.querySelector(`#${select.id}-hint`);
  const options = Array.from(select.options);
  const names = options.map((option) => normalise(option.text));
  const noun = select.dataset.appPicker;

  const finder = document.createElement("div");
  finder.className = "app-picker__finder";
  const chosenHeading = document.createElement("p");
  chosenHeading.className = "govuk-body govuk-!-margin-top-4 govuk-!-margin-bottom-2";
  const chosenList = document.createElement("ul");
  chosenList.className = "govuk-list app-picker__chosen";
  const status = document.createElement("p");
  status.className = "govuk-visually-hidden";
  status.setAttribute("aria-live", "polite");
  select.hidden = true;
  select.after(finder, chosenHeading, chosenList, status);
  if (hint && select.dataset.appPickerHint) hint.textContent = select.dataset.appPickerHint;
  let input;

  function renderChosen() {
    const chosen = options.filter((option) => option.selected);
    chosenHeading.textContent = chosen.length
      ? `Chosen (${chosen.length}):`
      : `No ${noun} chosen yet.`;
    chosenList.replaceChildren(
      ...chosen.map((option) => {
        const item = document.createElement("li");
        item.className = "app-picker__item";
        const name = document.createElement("span");
        name.textContent = option.text;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "govuk-button govuk-button--secondary app-picker__remove";
        remove.textContent = "Remove";
        const whom = document.createElement("span");
        whom.className = "govuk-visually-hidden";
        whom.textContent = ` ${option.text}`;
        remove.append(whom);
        remove.addEventListener("click", () => {
          option.selected = false;
          renderChosen();
          status.textContent = `Removed ${option.text}. ${chosen.length - 1} chosen.`;
          input.focus();
        });
        item.append(name, " ", remove);
        return item;
      }),
    );
  }

  input = searchBox(select, finder, noun, {
    source(query, populate) {
      const wanted = normalise(query);
      populate(options.filter((option, i) => !option.selected && names[i].includes(wanted)));
    },
    templates: {
      // After a choice the box is emptied, ready for the next organisation.
      inputValue: () => "",
      suggestion: (option) => (option && option.text ? escapeHtml(option.text) : ""),
    },
    onConfirm(option) {
      if (!option) return;
      option.selected = true;
      renderChosen();
      const count = options.filter((o) => o.selected).length;
      status.textContent = `Added ${option.text}. ${count} chosen.`;
    },
    confirmOnBlur: false,
  });
  // Enter in the search box chooses an organisation; it never sends the whole form.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  renderChosen();
  return input;
}

function initSingle(select) {
  const hint = select.closest(".govuk-form-group").querySelector(`#${select.id}-hint`);
  const noun = select.dataset.appPickOne;
  const options = Array.from(select.options);
  const names = options.map((option) => normalise(option.text));
  const blank = options.find((option) => option.value === "");
  const chosen = select.selectedOptions[0];
  const finder = document.createElement("div");
  select.hidden = true;
  select.after(finder);
  if (hint && select.dataset.appPickerHint) hint.textContent = select.dataset.appPickerHint;

  const input = searchBox(select, finder, noun, {
    // "None" is the empty box, not a suggestion.
    defaultValue: chosen && chosen !== blank ? chosen.text : "",
    source(query, populate) {
      const wanted = normalise(query);
      populate(options.filter((option, i) => option !== blank && names[i].includes(wanted)));
    },
    templates: {
      inputValue: (option) => (option && option.text ? option.text : ""),
      suggestion: (option) => (option && option.text ? escapeHtml(option.text) : ""),
    },
    onConfirm(option) {
      if (option) option.selected = true;
    },
  });
  // What the box says when the form is sent is the answer: an emptied box is "None", a name
  // typed in full counts as choosing it, and text that names nothing is sent as it is, so the
  // server says so beside the field (core.long_lists) instead of keeping an earlier choice.
  select.form.addEventListener("submit", () => {
    const typed = normalise(input.value);
    const match = typed
      ? options.find((option, i) => option !== blank && names[i] === typed)
      : blank;
    if (match) {
      match.selected = true;
    } else {
      select.append(new Option(input.value, input.value, true, true));
    }
  });
  return input;
}

export function initLongListPickers(root = document) {
  return [
    ...Array.from(root.querySelectorAll("select[data-app-picker]")).map(initMany),
    ...Array.from(root.querySelectorAll("select[data-app-pick-one]")).map(initSingle),
  ];
}

initLongListPickers();
