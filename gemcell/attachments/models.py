"""The stored attachment."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from gemcell.core.db import utcnow
from gemcell.extensions import db


class Attachment(db.Model):
    """One uploaded file. Never changed after upload; a module removes it with the record that carries it."""

    __tablename__ = 'attachments'

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the name the file had on the uploader's computer, made safe (Hindi kept), with the extension of its real type
    filename: Mapped[str] = mapped_column(sa.String(200))
    #: the type found in the content (``application/pdf``, ``image/png``, ``image/jpeg``)
    content_type: Mapped[str] = mapped_column(sa.String(60))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True, info={'audit': 'skip'})
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'), index=True)
    created_dt: Mapped[datetime] = mapped_column(default=utcnow, info={'audit': 'skip'})

    def __repr__(self):
        return f'<Attachment {self.id} {self.filename!r} {self.content_type} {self.size}>'
