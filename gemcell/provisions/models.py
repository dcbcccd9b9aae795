"""Provision (one State GO provision asked of GeM), its correspondence with GeM, and its links to the records that
show the need."""
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gemcell.core.db import InvalidTransition, TimestampMixin, TitledEnum, enum_column, titled
from gemcell.extensions import db


class ProvisionState(TitledEnum):
    proposed = 'proposed'
    taken_up = 'taken_up'
    under_development = 'under_development'
    live = 'live'
    verified = 'verified'
    declined = 'declined'

    @property
    def css(self):
        return {'proposed': 'muted', 'taken_up': 'warn', 'under_development': 'warn', 'live': 'ok',
                'verified': 'ok', 'declined': 'bad'}[self.value]


class LetterDirection(TitledEnum):
    sent = 'sent'
    received = 'received'


_TITLES = {
    ProvisionState.proposed: _l('Proposed'), ProvisionState.taken_up: _l('Taken up with GeM'),
    ProvisionState.under_development: _l('Under development'), ProvisionState.live: _l('Live on the portal'),
    ProvisionState.verified: _l('Verified'), ProvisionState.declined: _l('Declined'),
    LetterDirection.sent: _l('Letter to GeM'), LetterDirection.received: _l('Reply from GeM'),
}
titled(_TITLES)

#: state -> the states it may move to (declined: with the reason; a declined provision may be proposed again)
TRANSITIONS = {
    ProvisionState.proposed: (ProvisionState.taken_up, ProvisionState.declined),
    ProvisionState.taken_up: (ProvisionState.under_development, ProvisionState.declined),
    ProvisionState.under_development: (ProvisionState.live, ProvisionState.declined),
    ProvisionState.live: (ProvisionState.verified, ProvisionState.under_development),
    ProvisionState.verified: (),
    ProvisionState.declined: (ProvisionState.proposed,),
}


class Provision(TimestampMixin, db.Model):
    """A State GO provision the cell asks GeM to build into the portal."""

    __tablename__ = 'provisions'

    id: Mapped[int] = mapped_column(primary_key=True)
    go_number: Mapped[str] = mapped_column(sa.String(200))
    go_date: Mapped[date] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(300))
    #: the provision of the GO, as it reads
    provision: Mapped[str] = mapped_column(sa.Text)
    #: what is asked of GeM (the change to the portal)
    ask: Mapped[str] = mapped_column(sa.Text)
    requested_on: Mapped[date | None] = mapped_column()
    state: Mapped[ProvisionState] = mapped_column(enum_column(ProvisionState, 'provision_state'),
                                                  default=ProvisionState.proposed, index=True)
    #: GeM's latest response, in brief
    gem_response: Mapped[str | None] = mapped_column(sa.Text)
    decline_reason: Mapped[str | None] = mapped_column(sa.Text)
    state_changed_dt: Mapped[datetime | None] = mapped_column()
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'))

    letters: Mapped[list['ProvisionLetter']] = relationship(
        back_populates='provision', cascade='all, delete-orphan',
        order_by='(ProvisionLetter.letter_date, ProvisionLetter.id)')
    links: Mapped[list['ProvisionLink']] = relationship(back_populates='provision', cascade='all, delete-orphan',
                                                        order_by='ProvisionLink.id')
    created_by = relationship('User')

    def __repr__(self):
        return f'<Provision {self.id} {self.state.value}>'

    @property
    def next_states(self):
        return TRANSITIONS[self.state]

    def move_to(self, state: ProvisionState, now: datetime, reason: str | None = None):
        if state not in TRANSITIONS[self.state]:
            raise InvalidTransition(_l('A provision cannot go from “%(old)s” to “%(new)s”.', old=self.state.title,
                                       new=state.title))
        if state is ProvisionState.declined:
            if not (reason or '').strip():
                raise InvalidTransition(_l('Give GeM’s reason for declining.'))
            self.decline_reason = reason.strip()
        self.state = state
        self.state_changed_dt = now


class ProvisionLetter(db.Model):
    """One letter to GeM or reply from GeM: date, reference, content; a letter the cell issues is a document."""

    __tablename__ = 'provision_letters'

    id: Mapped[int] = mapped_column(primary_key=True)
    provision_id: Mapped[int] = mapped_column(sa.ForeignKey('provisions.id', ondelete='CASCADE'), index=True)
    direction: Mapped[LetterDirection] = mapped_column(enum_column(LetterDirection, 'provision_letter_direction'))
    letter_date: Mapped[date] = mapped_column()
    #: the letter's number (GeM's reference for a reply)
    reference: Mapped[str] = mapped_column(sa.String(200), default='')
    content: Mapped[str] = mapped_column(sa.Text)
    #: the cell's letter in the documents (its number and date once issued)
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey('documents.id'))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'))
    created_dt: Mapped[datetime] = mapped_column()

    provision: Mapped[Provision] = relationship(back_populates='letters')
    document = relationship('Document')
    created_by = relationship('User')


class ProvisionLink(db.Model):
    """A record that shows the need: a helpdesk ticket, a scrutiny finding, or any page (generic link)."""

    __tablename__ = 'provision_links'

    id: Mapped[int] = mapped_column(primary_key=True)
    provision_id: Mapped[int] = mapped_column(sa.ForeignKey('provisions.id', ondelete='CASCADE'), index=True)
    #: ``ticket``, ``finding`` or ``other``
    kind: Mapped[str] = mapped_column(sa.String(20))
    ref_id: Mapped[int | None] = mapped_column()
    label: Mapped[str] = mapped_column(sa.String(300))
    url: Mapped[str | None] = mapped_column(sa.String(500))

    provision: Mapped[Provision] = relationship(back_populates='links')
