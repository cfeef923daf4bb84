// Progressive enhancement only: every page works without this file. Bundled by
// frontend/build.mjs (esbuild) with only the GOV.UK Frontend components our templates use,
// which keeps the JavaScript on every page far under the page-weight budget;
// tests/guards/test_page_weight.py checks every data-module="govuk-…" in a template is here.
import {
  Button,
  Checkboxes,
  createAll,
  ErrorSummary,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
} from "govuk-frontend";
import { initCheckboxFilters } from "./checkbox-filter.mjs";
import { initCopyButtons } from "./copy-text.mjs";
import { initTimeoutWarning } from "./timeout-warning.mjs";
import { initWorkshopRoom } from "./workshop-room.mjs";

const COMPONENTS = [
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
];

if (document.body.classList.contains("govuk-frontend-supported")) {
  COMPONENTS.forEach((Component) => createAll(Component));
}
initTimeoutWarning();
initCheckboxFilters();
initCopyButtons();
initWorkshopRoom();
