"""Translated, human labels for the codes stored in the database."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

CONSULTATION_STATES = {
    "upcoming": _l("Upcoming"),
    "information": _l("Information"),
    "collection": _l("Collecting proposals"),
    "discussion": _l("Discussion"),
    "synthesis": _l("Synthesis"),
    "answers": _l("Answers"),
    "closed": _l("Closed"),
}

PROPOSAL_STATES = {
    "draft": _l("Draft"),
    "submitted": _l("Awaiting moderation"),
    "published": _l("Published"),
    "changes_requested": _l("Changes requested"),
    "rejected": _l("Rejected"),
    "withdrawn": _l("Withdrawn"),
    "hidden": _l("Hidden by a moderator"),
}

# Orders of a list of proposals (app/proposals/search.py SORTS).
PROPOSAL_SORTS = {
    "relevance": _l("Most relevant to the search"),
    "newest": _l("Newest first"),
    "supported": _l("Most supported"),
    "commented": _l("Most commented"),
}

SCOPES = {
    "metropolitan": _l("Whole metropolitan area"),
    "zone": _l("One zone"),
    "comuni": _l("One or more comuni"),
}

ANSWER_KINDS = {
    "accolta": _l("Accepted"),
    "accolta_in_parte": _l("Partly accepted"),
    "gia_prevista": _l("Already in the Plan"),
    "non_accolta": _l("Not accepted"),
    "fuori_competenza": _l("Outside the Città metropolitana's remit"),
}

FLAG_REASONS = {
    "spam": _l("Spam or advertising"),
    "offensive": _l("Offensive or hateful"),
    "personal_data": _l("Contains personal data"),
    "off_topic": _l("Off topic"),
    "duplicate": _l("Duplicate"),
    "other": _l("Other"),
}

# Collections of the open-data API (app/api/records.py RESOURCES): the page names them in
# words; the URLs and file names keep the codes.
OPEN_DATA_COLLECTIONS = {
    "consultations": _l("Consultations"),
    "proposals": _l("Proposals"),
    "themes": _l("Themes"),
    "memberships": _l("Proposals in each theme"),
    "answers": _l("Official answers"),
    "actions": _l("Actions of the plan"),
    "meetings": _l("Meetings"),
    "statistics": _l("Participation statistics"),
}

FLAG_STATUSES = {
    "open": _l("Open"),
    "upheld": _l("Upheld"),
    "dismissed": _l("Dismissed"),
}

COMMENT_STATES = {
    "published": _l("Visible"),
    "hidden": _l("Hidden by a moderator"),
}

ROLES = {
    "moderator": _l("Moderator"),
    "analyst": _l("Plan office analyst"),
    "zone_coordinator": _l("Zone coordinator"),
    "admin": _l("Administrator"),
}

REPRESENTATION_STATES = {
    "pending": _l("Waiting for verification"),
    "verified": _l("Verified"),
    "refused": _l("Refused"),
    "revoked": _l("Revoked"),
}

ERROR_EXPLANATIONS = {
    400: _l("The request could not be understood. Please go back and try again."),
    403: _l("You do not have permission to see this page or do this action."),
    404: _l("We could not find this page. It may have been moved or removed."),
    405: _l("This address does not accept this kind of request."),
    409: _l("Someone else changed this item in the meantime. Reload the page and try again."),
    413: _l("What you sent is too large. Shorten the text or send a smaller file."),
    422: _l("Some data are not valid. Please correct them and try again."),
    429: _l("Too many requests in a short time. Please wait a moment and try again."),
    500: _l("Something went wrong on our side. Nothing was saved; please try again later."),
}


# English names of the actor types (reference data). The Italian names live in the
# database, where admins may edit them; an English reader sees these for the known codes.
ACTOR_TYPE_NAMES_EN = {
    "cittadino": "Citizen",
    "comune": "Comune (municipality)",
    "zona_omogenea": "Zona omogenea (homogeneous zone)",
    "associazione": "Association / third sector",
    "universita": "University and research",
    "camera_commercio": "Chamber of commerce and functional autonomies",
    "impresa": "Business representation",
    "sindacato": "Trade unions",
    "ente_pubblico": "Public bodies and companies",
    "altro": "Other",
}


def actor_type_name(code: str, stored_name: str) -> str:
    """An actor type's name in the reader's language (English for the known codes)."""
    locale = get_locale()
    if locale is not None and locale.language == "en" and code in ACTOR_TYPE_NAMES_EN:
        return ACTOR_TYPE_NAMES_EN[code]
    return stored_name


def label(mapping: dict, code: str | None) -> str:
    """The translated label for ``code``, or the code itself if unknown."""
    if code is None:
        return ""
    return str(mapping.get(code, code))


# Theme runs (app/synthesis): states, the job's progress steps, curation acts and the
# reasons a curation act could not be re-applied after a re-run.
THEME_RUN_STATES = {
    "queued": _l("Queued"),
    "running": _l("Running"),
    "succeeded": _l("Finished"),
    "failed": _l("Failed"),
}

THEME_RUN_STEPS = {
    "Queued": _l("Waiting for a worker"),
    "Reading the proposals": _l("Reading the proposals"),
    "Finding themes": _l("Finding the themes"),
    "Saving the themes": _l("Saving the themes"),
    "Done": _l("Done"),
    "Failed": _l("Failed"),
}

CURATION_KINDS = {
    "rename": _l("Renamed"),
    "note": _l("Note written"),
    "merge": _l("Merged"),
    "split": _l("Split"),
    "move": _l("Proposal moved"),
    "pin": _l("Representative pinned"),
    "unpin": _l("Representative unpinned"),
}

CURATION_CONFLICTS = {
    "The theme was not found by this run.": _l("The theme was not found by this run."),
    "The theme merged into was not found by this run.": _l(
        "The theme merged into was not found by this run."
    ),
    "The split did not complete.": _l("The split did not complete."),
    "Part of the split theme was not found by this run.": _l(
        "Part of the split theme was not found by this run."
    ),
    "The proposal is no longer part of the analysed proposals.": _l(
        "The proposal is no longer part of the analysed proposals."
    ),
    "The destination theme was not found by this run.": _l(
        "The destination theme was not found by this run."
    ),
    "The proposal is no longer in this theme.": _l("The proposal is no longer in this theme."),
}
