"""Browser-test support, loaded for every test by the root conftest: real Chromium (Debian's package) driven by Playwright, with axe-core from npm injected.
Missing prerequisites fail loudly: these tests are never skipped."""

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop in this thread; Django's live server and ORM calls
# from the test body are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Playwright's expect() waits 5 s by default; a shared CI machine can take longer to serve a
# page, so it waits as long as the pages' own actions do (new_page's default timeout).
EXPECT_TIMEOUT_MS = 15_000

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make browser` (installs Debian's chromium)."
        )
    if not AXE_SOURCE.exists():
        pytest.fail(f"axe-core not found at {AXE_SOURCE}: run `npm ci`.")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(viewport=DESKTOP, javascript=True):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(EXPECT_TIMEOUT_MS)
        if not javascript:
            # Turn the page's own scripts off through the DevTools protocol rather than
            # Playwright's java_script_enabled=False, so that the test can still switch them
            # back on briefly to run axe over the page as a script-less browser rendered it.
            page.scripts_off = context.new_cdp_session(page)
            page.scripts_off.send("Emulation.setScriptExecutionDisabled", {"value": True})
        return page

    yield make
    for context in contexts:
        context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page. Playwright evaluates through the DevTools protocol, so our
    Content Security Policy does not block it. For a page loaded with scripts off, scripts are
    switched on only while axe runs: the page's own scripts have already been skipped."""
    scripts_off = getattr(page, "scripts_off", None)
    if scripts_off:
        scripts_off.send("Emulation.setScriptExecutionDisabled", {"value": False})
    try:
        result = _axe_run_on_settled_page(page)
    finally:
        if scripts_off:
            scripts_off.send("Emulation.setScriptExecutionDisabled", {"value": True})
    return result["violations"]


# What Chromium says when the document axe was reading is replaced by the next one: a click
# just before the check had started a navigation that had not yet committed.
NAVIGATED_AWAY = ("Execution context was destroyed", "reading 'documentElement'")


def _axe_run_on_settled_page(page, attempts: int = 3) -> dict:
    """axe over the page once it has loaded; if a navigation still under way replaces the
    document mid-run, wait for the new page and run again (the check is of a page, never of
    half of one)."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(attempts):
        page.wait_for_load_state()
        try:
            page.evaluate(AXE_SOURCE.read_text())
            return page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
            )
        except PlaywrightError as error:
            if attempt == attempts - 1 or not any(s in str(error) for s in NAVIGATED_AWAY):
                raise
    raise AssertionError("unreachable")


def sideways_overflow(page) -> int:
    """How many CSS pixels the page is wider than its window: 0 unless it scrolls sideways.
    WCAG 1.4.10 (reflow): at 320 px only a wide table may scroll, inside its own box."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def scripts_ran(page) -> bool:
    """True when the page's own scripts ran (GOV.UK Frontend marks the body js-enabled)."""
    return "js-enabled" in (page.locator("body").get_attribute("class") or "")


def describe(violations) -> str:
    return json.dumps(
        [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"][:5]],
            }
            for v in violations
        ],
        indent=1,
    )


def sign_in(page, live_server_url, email, password):
    page.goto(f"{live_server_url}/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    # The next step may read or leave the page: wait until the browser has left the sign-in
    # form (for the next page, or a two-factor step) and that page has loaded. A bare
    # wait_for_load_state() can return for the old page before the new one starts.
    page.wait_for_url(lambda url: not url.rstrip("/").endswith("/account/sign-in"))
    page.wait_for_load_state()


def click_and_load(page, target):
    """Click something that loads a new page (a link, a form's button) and wait until that page
    has loaded, so that what follows reads the new page, not the old one or neither."""
    with page.expect_navigation():
        target.click()


def page_says(page, text):
    """Wait until the page's text contains `text`. Reading page.content() straight after a click
    that navigates can catch the browser between documents (an empty page) under load."""
    from playwright.sync_api import expect

    expect(page.locator("body")).to_contain_text(text)


def tab_to(page, predicate_js, limit=120):
    """Press Tab until the focused element matches; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return {predicate_js}; }})()"
        ):
            return
    raise AssertionError(f"never reached an element matching {predicate_js} by keyboard")
