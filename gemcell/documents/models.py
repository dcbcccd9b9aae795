"""Document (the dispatch register, डिस्पैच रजिस्टर), the departments it is addressed to (DocumentDepartment),
NumberingPattern and DocumentCounter."""
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from gemcell.core.db import InvalidTransition, TimestampMixin, TitledEnum, enum_column, titled
from gemcell.extensions import db


class DocumentKind(TitledEnum):
    office_memo = 'office-memo'
    letter = 'letter'
    report = 'report'


KIND_TITLES = {DocumentKind.office_memo: _l('Office memorandum'), DocumentKind.letter: _l('Letter'),
               DocumentKind.report: _l('Report')}
titled(KIND_TITLES)


class DocumentState(TitledEnum):
    draft = 'draft'
    approved = 'approved'
    issued = 'issued'


STATE_TITLES = {DocumentState.draft: _l('Draft'), DocumentState.approved: _l('Approved'),
                DocumentState.issued: _l('Issued')}
titled(STATE_TITLES)

#: columns that never change once a document is issued (nor do the departments it is addressed to, see
#: ``_refuse_addressee_changes_to_issued``)
FROZEN_COLUMNS = ('kind', 'language', 'number', 'seq', 'year', 'subject', 'addressees', 'data',
                  'document_date', 'issued_by_id', 'issued_dt', 'sha256', 'filename', 'verification_code',
                  'is_signed', 'template_version', 'source_model', 'source_id', 'supersedes_id', 'state',
                  'reopened_by_id', 'reopened_dt', 'reopen_remark')


class DocumentFrozen(Exception):
    """An issued document was about to be changed; a correction is a new document that supersedes it."""


class Document(TimestampMixin, db.Model):
    """One outgoing document: a draft, then approved, then issued with a number, its PDF frozen on disk.

    It is addressed to any number of departments (``addressed``, the ``document_departments`` rows): the nodal
    officers of each of them may read it once it is issued. That is not the one-column department scope of
    ``core.scoping`` (no ``__department_scope__`` here): every read goes through ``documents.queries``, whose
    ``document_filter`` joins the addressed departments and the state."""

    __tablename__ = 'documents'
    __table_args__ = (
        sa.UniqueConstraint('pattern_id', 'year', 'seq'),
        sa.CheckConstraint("state != 'issued' OR (number IS NOT NULL AND sha256 IS NOT NULL)",
                           name='issued_has_number_and_hash'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, 'document_kind'))
    #: the document's own language (``hi``/``en``), independent of whoever views it
    language: Mapped[str] = mapped_column(sa.String(2), default='hi')
    state: Mapped[DocumentState] = mapped_column(enum_column(DocumentState, 'document_state'),
                                                 default=DocumentState.draft, index=True)
    subject: Mapped[str] = mapped_column(sa.String(500))
    #: addressees as printed ("सेवा में" / the copy-to list), a list of strings; the drafting form builds it from
    #: the departments addressed, then it is the drafter's text
    addressees: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: the document's content as plain data (the JSON the templates render, see README "Documents")
    data: Mapped[dict] = mapped_column(sa.JSON)

    #: the number given at issue, from the pattern (unique; ``None`` until issued)
    number: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    pattern_id: Mapped[int | None] = mapped_column(sa.ForeignKey('numbering_patterns.id'))
    year: Mapped[int | None] = mapped_column()
    seq: Mapped[int | None] = mapped_column()
    #: the date printed on the document (in India), set at issue
    document_date: Mapped[date | None] = mapped_column()

    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'))
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    approved_dt: Mapped[datetime | None] = mapped_column()
    #: the last time the In-charge sent the approved document back to draft, and why (the trail has every time)
    reopened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    reopened_dt: Mapped[datetime | None] = mapped_column()
    reopen_remark: Mapped[str | None] = mapped_column(sa.Text)
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    issued_dt: Mapped[datetime | None] = mapped_column()

    #: SHA-256 (hex) of the issued PDF's bytes, as stored and as downloaded
    sha256: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    #: path of the stored PDF, relative to ``instance/documents/``
    filename: Mapped[str | None] = mapped_column(sa.String(300))
    #: the short code printed (with a QR code) on every page, for ``/verify/<code>``
    verification_code: Mapped[str | None] = mapped_column(sa.String(12), unique=True)
    #: whether the stored PDF carries the issuing officer's digital signature (PAdES, pyHanko)
    is_signed: Mapped[bool] = mapped_column(default=False)
    template_version: Mapped[int | None] = mapped_column()

    #: the record the document comes from (a finding, directive, case …), by table name and id
    source_model: Mapped[str | None] = mapped_column(sa.String(80))
    source_id: Mapped[int | None] = mapped_column()
    #: the issued document this one corrects
    supersedes_id: Mapped[int | None] = mapped_column(sa.ForeignKey('documents.id'), index=True)

    created_by = relationship('User', foreign_keys=[created_by_id])
    approved_by = relationship('User', foreign_keys=[approved_by_id])
    issued_by = relationship('User', foreign_keys=[issued_by_id])
    reopened_by = relationship('User', foreign_keys=[reopened_by_id])
    supersedes: Mapped['Document | None'] = relationship(remote_side=[id], foreign_keys=[supersedes_id])
    #: the departments addressed, one row each (change them with ``operations.set_departments``)
    addressed: Mapped[list['DocumentDepartment']] = relationship(
        back_populates='document', cascade='all, delete-orphan', order_by='DocumentDepartment.department_id')

    def __repr__(self):
        return f'<Document {self.id} {self.kind.value} {self.state.value} {self.number or ""}>'

    @property
    def is_issued(self) -> bool:
        return self.state is DocumentState.issued

    @property
    def department_ids(self) -> list[int]:
        return [link.department_id for link in self.addressed]

    @property
    def departments(self) -> list:
        """The departments addressed, by name (in the interface language)."""
        return sorted((link.department for link in self.addressed), key=lambda department: department.name)

    @hybrid_property
    def department_id(self) -> int | None:
        """The one department addressed, for callers of the one-department API (``create_document(…,
        department_id=…)``); ``None`` when the document is addressed to none *or to several*: read
        ``department_ids``. There is no such column any more, so ``Document.department_id`` in a query raises."""
        ids = self.department_ids
        return ids[0] if len(ids) == 1 else None

    @department_id.inplace.expression
    @classmethod
    def _department_id_expression(cls):
        raise AttributeError('Document.department_id is not a column: a document is addressed to several departments; '
                             'filter with documents.queries.addressed_to(department_id)')

    # --- state transitions (Indico Survey.open/close style) ---

    def approve(self, user, now):
        if self.state is not DocumentState.draft:
            raise InvalidTransition(_l('Only a draft can be approved.'))
        self.state = DocumentState.approved
        self.approved_by_id = user.id
        self.approved_dt = now

    def reopen(self, user, now, remark: str):
        """Back to draft (the In-charge's decision), with the remark saying why."""
        if self.state is not DocumentState.approved:
            raise InvalidTransition(_l('Only an approved document can be sent back to draft.'))
        self.state = DocumentState.draft
        self.approved_by_id = None
        self.approved_dt = None
        self.reopened_by_id = user.id
        self.reopened_dt = now
        self.reopen_remark = remark

    def mark_issued(self, user, now):
        if self.state is not DocumentState.approved:
            raise InvalidTransition(_l('Only an approved document can be issued.'))
        self.state = DocumentState.issued
        self.issued_by_id = user.id
        self.issued_dt = now

    # --- object rules, used by views and templates alike ---

    def can_edit(self, user) -> bool:
        from gemcell.core.permissions import Permission, has_permission
        return self.state is DocumentState.draft and has_permission(user, Permission.REVIEW)

    def can_approve(self, user) -> bool:
        from gemcell.core.permissions import Permission, has_permission
        return self.state is DocumentState.draft and has_permission(user, Permission.ISSUE_DOCUMENTS)

    def can_reopen(self, user) -> bool:
        from gemcell.core.permissions import Permission, has_permission
        return self.state is DocumentState.approved and has_permission(user, Permission.ISSUE_DOCUMENTS)

    def can_issue(self, user) -> bool:
        from gemcell.core.permissions import Permission, has_permission
        return self.state is DocumentState.approved and has_permission(user, Permission.ISSUE_DOCUMENTS)

    def can_correct(self, user) -> bool:
        from gemcell.core.permissions import Permission, has_permission
        return self.state is DocumentState.issued and has_permission(user, Permission.REVIEW)


@sa.event.listens_for(Document, 'before_update')
def _refuse_changes_to_issued(mapper, connection, target):
    """An issued document is frozen: refuse any change to it (the state before this flush was ``issued``)."""
    state = sa.inspect(target)
    history = state.attrs['state'].history
    was = history.deleted[0] if history.deleted else target.state
    if was is not DocumentState.issued:
        return
    changed = [name for name in FROZEN_COLUMNS if state.attrs[name].history.has_changes()]
    if changed:
        raise DocumentFrozen(f'document {target.id} is issued; refused to change {", ".join(changed)}')


class DocumentDepartment(db.Model):
    """A department a document is addressed to: its nodal officers may read the document once it is issued.
    Inserted and deleted as rows (never updated), so the audit trail records each department added or removed."""

    __tablename__ = 'document_departments'

    document_id: Mapped[int] = mapped_column(sa.ForeignKey('documents.id'), primary_key=True)
    department_id: Mapped[int] = mapped_column(sa.ForeignKey('departments.id'), primary_key=True, index=True)

    document: Mapped[Document] = relationship(back_populates='addressed')
    #: loaded with the link: a document to every department names a hundred of them
    department = relationship('Department', lazy='joined')

    def __repr__(self):
        return f'<DocumentDepartment {self.document_id}/{self.department_id}>'


def _was_issued(document: Document) -> bool:
    """Whether ``document`` was already issued before the flush under way (one being issued in it was not)."""
    state = sa.inspect(document)
    if not state.persistent:
        return False
    history = state.attrs['state'].history
    was = history.deleted[0] if history.deleted else document.state
    return was is DocumentState.issued


@sa.event.listens_for(Session, 'before_flush')
def _refuse_addressee_changes_to_issued(session, flush_context, instances):
    """The departments of an issued document are frozen like its columns: refuse a row added to or removed from
    ``document_departments`` for it, through ``Document.addressed`` or directly."""
    touched = {obj for obj in session.dirty
               if isinstance(obj, Document) and sa.inspect(obj).attrs['addressed'].history.has_changes()}
    for link in list(session.new) + list(session.deleted):
        if isinstance(link, DocumentDepartment):
            document = link.document or (session.get(Document, link.document_id) if link.document_id else None)
            if document is not None:
                touched.add(document)
    for document in touched:
        if _was_issued(document):
            raise DocumentFrozen(f'document {document.id} is issued; refused to change the departments addressed')


class NumberingPattern(TimestampMixin, db.Model):
    """A numbering series, e.g. ``{seq}/{year}/GeM-Cell/{file_no}``. By default every kind of document shares the
    series ``default`` (one dispatch register, one running number); ``DOCUMENT_NUMBER_SERIES`` can give a kind its
    own series (``{"report": "reports"}``).

    Placeholders: ``{seq}`` (the next number, from 1 each year), ``{year}``, ``{file_no}`` (the file number below).
    """

    __tablename__ = 'numbering_patterns'

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the series' name
    key: Mapped[str] = mapped_column(sa.String(40), unique=True)
    pattern: Mapped[str] = mapped_column(sa.String(200))
    file_no: Mapped[str] = mapped_column(sa.String(100), default='')

    def format(self, seq: int, year: int) -> str:
        # an empty file number leaves no dangling separator: "{seq}/{year}/GeM-Cell/{file_no}" -> "7/2026/GeM-Cell"
        return self.pattern.format(seq=seq, year=year, file_no=self.file_no).strip('/- ')


class DocumentCounter(db.Model):
    """The last number given, per pattern and year. Read under a row lock at issue, so numbers have no gaps and no
    duplicates: the increment commits or rolls back with the issue itself."""

    __tablename__ = 'document_counters'
    __table_args__ = (sa.UniqueConstraint('pattern_id', 'year'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern_id: Mapped[int] = mapped_column(sa.ForeignKey('numbering_patterns.id'))
    year: Mapped[int] = mapped_column()
    last_seq: Mapped[int] = mapped_column(default=0)
