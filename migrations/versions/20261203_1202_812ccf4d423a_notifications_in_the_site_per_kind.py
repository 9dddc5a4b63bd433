"""notifications in the site, per kind, followed proposals, phases

Issue 15, section 5. ``notification_events``: one row per event that may concern many people
(expanded into notifications by the worker, after the commit). ``proposal_follows``: people
following one proposal. ``phase_announcements``: the phase starts already announced to a
consultation's followers. Notifications get ``is_emailed`` (False: only on the site),
``link`` and ``read_at`` (the in-site "Notifiche" page); preferences get one frequency per
category (None: the general frequency).

Existing data: notifications already in the outbox count as read (the new page must not
greet everyone with their whole history as unread news).

Revision ID: 812ccf4d423a
Revises: 6b2c3d4e5f6a
Create Date: 2026-12-03 12:02:25.152507

"""
import sqlalchemy as sa
from alembic import op


revision = "812ccf4d423a"
down_revision = "6b2c3d4e5f6a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expanded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_events'))
    )
    with op.batch_alter_table('notification_events', schema=None) as batch_op:
        batch_op.create_index('ix_notification_events_pending', ['expanded_at'], unique=False)

    op.create_table('phase_announcements',
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=20), nullable=False),
    sa.Column('announced_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_phase_announcements_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('consultation_id', 'phase', name=op.f('pk_phase_announcements'))
    )
    op.create_table('proposal_follows',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_follows_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_proposal_follows_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'proposal_id', name=op.f('pk_proposal_follows'))
    )
    with op.batch_alter_table('proposal_follows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_follows_proposal_id'), ['proposal_id'], unique=False)

    with op.batch_alter_table('notification_preferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answers_frequency', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('comments_frequency', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('followed_proposals_frequency', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('consultations_frequency', sa.String(length=20), nullable=True))

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_emailed', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('link', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('read_at', sa.DateTime(timezone=True), nullable=True))

    op.execute("UPDATE notifications SET read_at = created_at WHERE read_at IS NULL")


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('read_at')
        batch_op.drop_column('link')
        batch_op.drop_column('is_emailed')

    with op.batch_alter_table('notification_preferences', schema=None) as batch_op:
        batch_op.drop_column('consultations_frequency')
        batch_op.drop_column('followed_proposals_frequency')
        batch_op.drop_column('comments_frequency')
        batch_op.drop_column('answers_frequency')

    with op.batch_alter_table('proposal_follows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_follows_proposal_id'))

    op.drop_table('proposal_follows')
    op.drop_table('phase_announcements')
    with op.batch_alter_table('notification_events', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_events_pending')

    op.drop_table('notification_events')
