// Progressive enhancement only: every page works without this file.
import { initAll } from "./govuk-frontend.min.js";
import { initCheckboxFilters } from "./checkbox-filter.mjs";
import { initTimeoutWarning } from "./timeout-warning.mjs";

initAll();
initTimeoutWarning();
initCheckboxFilters();
