"""The statistics page in a browser, at desktop and at phone width: the map is drawn, each
comune is a link reached with the keyboard, and the figures table sits next to it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import DESKTOP, PHONE, new_context
from tests.e2e.ui import main
from tests.factories import create_consultation, create_proposal, create_support

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_map_and_its_table_at_desktop_and_phone_width(site, chromium, viewport):
    consultation = create_consultation()
    proposal = create_proposal(consultation)
    create_support(proposal)
    context = new_context(chromium)
    try:
        page = context.new_page()
        page.set_viewport_size(viewport)
        page.goto(f"{site.url}/statistiche")
        content = main(page)
        expect(content.get_by_role("heading", level=1)).to_have_text("La partecipazione in sintesi")
        svg_map = content.locator("svg.statistics-map")
        expect(svg_map).to_be_visible()
        assert svg_map.locator("path.map-comune").count() == 133
        box = svg_map.bounding_box()
        assert box and box["width"] <= viewport["width"]
        # The comuni are links with their figure as name; Tab reaches them in order.
        rho = content.get_by_role("link", name="Rho: nessun partecipante")
        expect(rho).to_have_attribute("href", "/comuni/015182")
        rho.focus()
        expect(rho).to_be_focused()
        expect(content.locator("#by-comune-table tr[data-istat='015182']")).to_be_attached()
        expect(content.get_by_text("Openpolis")).to_be_visible()
        sideways = page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        assert not sideways
    finally:
        context.close()
