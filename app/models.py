"""Import every model module so SQLAlchemy and Alembic see the whole schema."""

from app.accounts.models import (  # noqa: F401
    Organisation,
    Representation,
    RoleAssignment,
    User,
    UserSession,
)
from app.actions.models import ActionLink, ActionUpdate, PlanAction  # noqa: F401
from app.consultations.models import Consultation, Follow  # noqa: F401
from app.documents.models import Attachment  # noqa: F401
from app.identity.models import VerifiedIdentity  # noqa: F401
from app.meetings.models import Meeting, MeetingRegistration  # noqa: F401
from app.moderation.models import AuditEntry  # noqa: F401
from app.notifications.models import Notification, NotificationPreference  # noqa: F401
from app.privacy.models import Consent  # noqa: F401
from app.proposals.models import (  # noqa: F401
    Comment,
    Flag,
    Proposal,
    ProposalStateChange,
    Support,
)
from app.ratelimit import RateLimitCounter  # noqa: F401
from app.reference.models import (  # noqa: F401
    ActorType,
    Component,
    Comune,
    Driver,
    Mission,
    VisionKeyword,
    Zone,
)
from app.statistics.models import StatisticsSnapshot, StatisticsState  # noqa: F401
from app.synthesis.models import (  # noqa: F401
    CurationAct,
    Synthesis,
    Theme,
    ThemeMembership,
    ThemeRun,
)
