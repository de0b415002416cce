"""The API reference in the browser: Swagger UI lists the operations, under the CSP."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

# Chromium reports each violation as a `securitypolicyviolation` event too; collected
# from the page's start, so one in the bundle's first run is not missed.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def test_the_api_reference_lists_the_operations_under_the_csp(page):
    page.add_init_script(LISTEN)
    page.goto("/api/docs/")

    operations = page.locator(".opblock-summary-path")
    expect(operations.filter(has_text="/api/v1/topics/").first).to_be_visible()
    expect(operations.filter(has_text="/api/v1/me/topics/")).to_be_visible()
    expect(operations.filter(has_text="/api/v1/participation-requests/")).to_be_visible()
    # Opened, an operation shows its parameters and example (highlighted code) too.
    page.get_by_role("button", name="GET /api/v1/topics/", exact=True).click()
    expect(page.get_by_role("heading", name="Parameters")).to_be_visible()
    expect(page.get_by_text("page_size", exact=True)).to_be_visible()
    expect(page.locator(".opblock-body code").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
