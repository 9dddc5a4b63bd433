"""The layout every page shares, and the pages of the main blueprint."""

from __future__ import annotations

import re

import pytest

from tests.factories import create_user, login


def page(client, path: str = "/") -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_html_element_names_the_page_language(client, language):
    client.get(f"/lingua/{language}")
    for path in ("/", "/consultazioni/", "/privacy", "/accessibilita", "/account/accedi"):
        assert f'<html lang="{language}">' in page(client, path), path


def test_the_skip_links_lead_to_targets_that_exist(client):
    html = page(client)
    skip_links = re.findall(r'<a class="visually-hidden-focusable[^"]*" href="#([\w-]+)"', html)
    assert skip_links[0] == "main-content"
    for target in skip_links:
        assert f'id="{target}"' in html
    assert '<main id="main-content" tabindex="-1">' in html
    # The skip links come first, before the header.
    assert html.index('href="#main-content"') < html.index("it-header-wrapper")


def test_the_footer_links_the_privacy_notice_the_accessibility_statement_and_open_data(client):
    client.get("/lingua/en")
    footer = page(client).split('<footer class="it-footer', 1)[1]
    for href, label in (
        ("/privacy", "Privacy notice"),
        ("/accessibilita", "Accessibility statement"),
        ("/dati-aperti", "Open data"),
    ):
        assert f'<a href="{href}">{label}</a>' in footer
        assert client.get(href).status_code == 200
    assert "CC BY 4.0" in footer


@pytest.mark.parametrize(
    ("language", "title", "status", "agid"),
    [
        ("it", "Dichiarazione di accessibilità", "parzialmente conforme", "Procedura di attuazione"),
        ("en", "Accessibility statement", "partially compliant", "Enforcement procedure"),
    ],
)
def test_the_accessibility_statement_follows_the_agid_model_in_both_languages(
    client, language, title, status, agid
):
    client.get(f"/lingua/{language}")
    html = page(client, "/accessibilita")
    if language == "en":  # the Italian title arrives with the catalogue merge
        assert f"<h1>{title}</h1>" in html
    assert status in html and agid in html
    assert 'href="https://form.agid.gov.it/">https://form.agid.gov.it/</a>' in html
    assert "axe-core" in html and "Chromium" in html
    assert html.count("<h1") == 1
    assert ("22 novembre 2026" if language == "it" else "November 22, 2026") in html


def test_the_accessibility_statement_shows_the_configured_contact(app, client):
    app.config["ACCESSIBILITY_CONTACT_EMAIL"] = "accessibilita@example.org"
    html = page(client, "/accessibilita")
    assert '<a href="mailto:accessibilita@example.org">accessibilita@example.org</a>' in html


def test_the_breadcrumb_marks_the_current_page(client):
    html = page(client, "/accessibilita")
    crumbs = html.split('<ol class="breadcrumb">', 1)[1].split("</ol>", 1)[0]
    assert '<a href="/">' in crumbs
    assert 'aria-current="page"' in crumbs


def test_the_main_menu_marks_the_current_section(client):
    html = page(client, "/consultazioni/")
    menu = html.split('<ul class="navbar-nav">', 1)[1].split("</ul>", 1)[0]
    current = re.findall(r'<a class="nav-link active" href="([^"]+)" aria-current="page">', menu)
    assert current == ["/consultazioni/"]


def test_visitors_get_log_in_and_register_people_logged_in_get_their_menu(client):
    client.get("/lingua/en")
    html = page(client)
    assert 'href="/account/accedi?next=/"' in html and 'href="/account/registrati"' in html
    login(client, create_user(display_name="Giulia Verdi"))
    html = page(client)
    assert "Giulia Verdi" in html
    assert 'href="/le-mie-proposte"' in html and 'href="/account/profilo"' in html
    assert re.search(
        r'<form method="post" action="/account/esci">\s*<input type="hidden" name="csrf_token"', html
    )
    assert 'href="/account/registrati"' not in html


def test_moderators_see_the_queue_count_with_a_spoken_label(client):
    client.get("/lingua/en")
    login(client, create_user(roles=["moderator"]))
    html = page(client)
    assert re.search(
        r'<span class="badge[^"]*" aria-label="\d+ proposals? and \d+ reported items? waiting">'
        r"\d+ / \d+</span>",
        html,
    )


def test_error_pages_keep_the_layout(client):
    response = client.get("/non-esiste")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert 'id="main-content"' in html and "it-footer" in html
