"""Screenshots of the main pages for the README (``make screenshots``).

Builds the demo in a temporary SQLite database (the real migrations, ``flask forum
load-demo``, a theme run of every consultation, the syntheses published), serves it on a
free local port and photographs, with Debian's chromium, at desktop (1280×800) and phone
(375×812) size: home, consultation, proposal list, proposal page, proposal form, public
synthesis and moderation queue. The PNGs go to docs/screenshots/ (``--out`` to change).

Run from the project root as ``python -m scripts.screenshots`` (it reuses tests/browser.py).
Needs the test extras (playwright) and chromium (``apt-get install chromium``); never
``playwright install``.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from sqlalchemy import select

from app import create_app
from app.consultations.models import Consultation
from app.extensions import db
from app.proposals.models import Proposal
from tests.browser import CHROMIUM_ARGS, DESKTOP, PHONE, chromium_path, new_context, serving
from tests.e2e.ui import log_in
from tests.e2e.world import PASSWORD, demo_user, load_demo_with_syntheses

ROOT = Path(__file__).resolve().parent.parent

SIZES = {"desktop": DESKTOP, "phone": PHONE}


def build_demo(database: Path):
    """A migrated demo database with every consultation's themes computed and published."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SECRET_KEY": "screenshots-only",
            "REDIS_URL": "",
            "MAIL_SERVER": "",
        }
    )
    with app.app_context():
        upgrade()
        load_demo_with_syntheses(app)
    return app


def pages_to_photograph(app) -> list[tuple[str, str, str | None]]:
    """(file name, path, e-mail of the demo account to log in with, or None)."""
    with app.app_context():
        citizen, moderator = demo_user("citizen").email, demo_user("moderator").email
        collecting = max(
            (c for c in db.session.scalars(select(Consultation)) if c.state == "collection"),
            key=lambda c: c.published_count,
        )
        answered = db.session.scalar(
            select(Proposal)
            .where(Proposal.state == "published", Proposal.answer_kind.is_not(None))
            .order_by(Proposal.comments_count.desc(), Proposal.id)
            .limit(1)
        )
        with_synthesis = db.session.get(Consultation, answered.consultation_id)
        slug = collecting.slug
        return [
            ("home", "/", None),
            ("consultation", f"/consultazioni/{slug}", None),
            ("proposal-list", f"/consultazioni/{slug}?driver=5#proposals", None),
            ("proposal", f"/proposte/{answered.id}", None),
            ("proposal-form", f"/consultazioni/{slug}/proposte/nuova", citizen),
            ("public-synthesis", f"/consultazioni/{with_synthesis.slug}/sintesi", None),
            ("moderation-queue", "/moderazione/", moderator),
        ]


def photograph(base_url: str, pages, out: Path) -> list[str]:
    """Save the PNGs; return the pages that scroll sideways at phone width."""
    too_wide = []
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for size_name, viewport in SIZES.items():
            phone = size_name == "phone"
            contexts = {}
            for name, path, email in pages:
                if email not in contexts:
                    context = new_context(browser, viewport, is_mobile=phone, has_touch=phone)
                    page = context.new_page()
                    if email:
                        log_in(page, base_url, email, password=PASSWORD)
                    contexts[email] = page
                page = contexts[email]
                page.goto(base_url + path)
                page.wait_for_load_state("networkidle")
                target = out / f"{name}-{size_name}.png"
                page.screenshot(path=str(target))
                width = page.evaluate("() => document.documentElement.scrollWidth")
                if width > viewport["width"]:
                    too_wide.append(f"{name} ({width} px at {viewport['width']})")
                print(f"  {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}", flush=True)
            for page in contexts.values():
                page.context.close()
        browser.close()
    return too_wide


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    with tempfile.TemporaryDirectory(prefix="forum-screenshots-") as tmp:
        app = build_demo(Path(tmp) / "demo.sqlite")
        pages = pages_to_photograph(app)
        with serving(app) as base_url:
            too_wide = photograph(base_url, pages, args.out)
        with app.app_context():
            db.engine.dispose()
    if too_wide:
        print("Scroll sideways at phone width: " + ", ".join(too_wide), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
