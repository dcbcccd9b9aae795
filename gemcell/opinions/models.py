"""Opinion (a department's question and the cell's answer), its attachments, and the library's Government orders
and circulars."""
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gemcell.core.db import InvalidTransition, TimestampMixin, TitledEnum, enum_column, titled
from gemcell.core.i18n import language
from gemcell.core.permissions import Permission, has_permission
from gemcell.directory.models import Department
from gemcell.extensions import db


class OpinionState(TitledEnum):
    #: the department's question, awaiting the cell's answer
    asked = 'asked'
    #: the cell has drafted the answer (the letter is a draft in the documents)
    drafted = 'drafted'
    #: the letter is issued: the opinion is in the library
    issued = 'issued'

    @property
    def css(self):
        return {'asked': 'warn', 'drafted': 'muted', 'issued': 'ok'}[self.value]


class LibraryKind(TitledEnum):
    go = 'go'
    circular = 'circular'


_TITLES = {OpinionState.asked: _l('Awaiting the cell’s answer'), OpinionState.drafted: _l('Answer drafted'),
           OpinionState.issued: _l('Issued'),
           LibraryKind.go: _l('Government order'), LibraryKind.circular: _l('Circular')}
titled(_TITLES)


class Opinion(TimestampMixin, db.Model):
    """A department's question on the purchase rules and the cell's answer (issued as a letter)."""

    __tablename__ = 'opinions'
    __department_scope__ = 'department_id'

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(sa.ForeignKey('departments.id'), index=True)
    state: Mapped[OpinionState] = mapped_column(enum_column(OpinionState, 'opinion_state'),
                                                default=OpinionState.asked, index=True)
    subject: Mapped[str] = mapped_column(sa.String(500))
    question: Mapped[str] = mapped_column(sa.Text)
    asked_by_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'))
    asked_dt: Mapped[datetime] = mapped_column()
    #: the cell's answer, as printed in the letter
    answer: Mapped[str | None] = mapped_column(sa.Text)
    #: the rules cited, by their RULES.md id (``GFR-149-V2``)
    rule_ids: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: Government orders and circulars cited, as written ("शासनादेश सं0 12/2024-18-5, दिनांक 01.04.2024")
    go_refs: Mapped[list] = mapped_column(sa.JSON, default=list)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey('documents.id'))
    issued_date: Mapped[date | None] = mapped_column()

    department: Mapped[Department] = relationship()
    asked_by = relationship('User', foreign_keys=[asked_by_id])
    answered_by = relationship('User', foreign_keys=[answered_by_id])
    document = relationship('Document', foreign_keys=[document_id])
    attachments = relationship('Attachment', secondary='opinion_attachments', order_by='Attachment.id')

    def __repr__(self):
        return f'<Opinion {self.id} {self.state.value}>'

    def can_answer(self, user) -> bool:
        return self.state in (OpinionState.asked, OpinionState.drafted) and has_permission(user, Permission.REVIEW) \
            and (self.document is None or not self.document.is_issued)

    def can_issue(self, user) -> bool:
        return self.state is OpinionState.drafted and has_permission(user, Permission.ISSUE_DOCUMENTS)

    def mark_drafted(self, user):
        if self.state not in (OpinionState.asked, OpinionState.drafted):
            raise InvalidTransition(_l('An issued opinion cannot be changed; issue a correction instead.'))
        self.state = OpinionState.drafted
        self.answered_by_id = user.id

    def mark_issued(self, day: date):
        if self.state is not OpinionState.drafted:
            raise InvalidTransition(_l('Only a drafted answer can be issued.'))
        self.state = OpinionState.issued
        self.issued_date = day


class OpinionAttachment(db.Model):
    __tablename__ = 'opinion_attachments'

    opinion_id: Mapped[int] = mapped_column(sa.ForeignKey('opinions.id', ondelete='CASCADE'), primary_key=True)
    attachment_id: Mapped[int] = mapped_column(sa.ForeignKey('attachments.id', ondelete='CASCADE'), primary_key=True,
                                               index=True)


class LibraryItem(TimestampMixin, db.Model):
    """A Government order or circular the cell keeps in its library (searched with the issued opinions)."""

    __tablename__ = 'library_items'

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[LibraryKind] = mapped_column(enum_column(LibraryKind, 'library_kind'))
    number: Mapped[str] = mapped_column(sa.String(200))
    issued_on: Mapped[date] = mapped_column()
    #: the issuing office ("वित्त (सामान्य) अनुभाग-1", "Department of Expenditure")
    issued_by: Mapped[str] = mapped_column(sa.String(300), default='')
    subject: Mapped[str] = mapped_column(sa.String(500))
    #: the text (or its gist), which the search reads
    text: Mapped[str] = mapped_column(sa.Text)
    attachment_id: Mapped[int | None] = mapped_column(sa.ForeignKey('attachments.id'))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'))

    attachment = relationship('Attachment')
    created_by = relationship('User')

    @property
    def reference(self) -> str:
        from gemcell.core.i18n import format_short_date
        word = 'No.' if language() == 'en' else 'संख्या'
        dated = 'dated' if language() == 'en' else 'दिनांक'
        return f'{word} {self.number}, {dated} {format_short_date(self.issued_on)}'
