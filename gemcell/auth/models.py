"""The User: one login, one role, and (for a nodal officer) one department."""
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gemcell.auth.passwords import hash_password, verify_password
from gemcell.core.db import TimestampMixin, enum_column, utcnow
from gemcell.core.permissions import Role
from gemcell.directory.models import Department
from gemcell.extensions import db


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = 'users'
    __department_scope__ = 'department_id'
    __table_args__ = (
        sa.CheckConstraint("role != 'nodal' OR department_id IS NOT NULL", name='nodal_has_department'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    designation: Mapped[str | None] = mapped_column(sa.String(120))
    email: Mapped[str | None] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(256), info={'audit': 'redact'})
    role: Mapped[Role] = mapped_column(enum_column(Role, 'role'))
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey('departments.id'), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    #: interface language, ``hi`` or ``en``
    locale: Mapped[str] = mapped_column(sa.String(5), default='hi')
    failed_logins: Mapped[int] = mapped_column(default=0, info={'audit': 'skip'})
    locked_until_dt: Mapped[datetime | None] = mapped_column()
    last_login_dt: Mapped[datetime | None] = mapped_column(info={'audit': 'skip'})
    #: part of the identifier the session cookie carries (``get_id``): signing out or a new password adds one, so
    #: every session signed in before (a copied cookie too) no longer loads the user
    session_version: Mapped[int] = mapped_column(default=0, server_default='0', info={'audit': 'skip'})

    department: Mapped[Department | None] = relationship()

    def __repr__(self):
        return f'<User {self.login} {self.role.value}>'

    def get_id(self) -> str:
        """What flask-login keeps in the session: the user's id and session version (``load_user`` checks both)."""
        return f'{self.id}-{self.session_version}'

    def end_sessions(self):
        """Sign the user out everywhere: every session cookie issued so far stops working."""
        self.session_version = (self.session_version or 0) + 1

    def set_password(self, password: str):
        """Store the new password's hash; every session signed in with the old one ends."""
        self.password_hash = hash_password(password)
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        return verify_password(self.password_hash, password)

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until_dt is not None and self.locked_until_dt > (now or utcnow())

    def record_failed_login(self, max_failures: int, lockout: timedelta):
        self.failed_logins += 1
        if self.failed_logins >= max_failures:
            self.locked_until_dt = utcnow() + lockout
            self.failed_logins = 0

    def record_login(self):
        self.failed_logins = 0
        self.locked_until_dt = None
        self.last_login_dt = utcnow()

    def unlock(self):
        self.failed_logins = 0
        self.locked_until_dt = None


class LoginFailure(db.Model):
    """A failed sign-in, by the address it came from: too many from one address in a short time (many logins
    tried, as in password spraying, which the per-account lock does not see) and that address must wait."""

    __tablename__ = 'login_failures'
    __audited__ = False  # not a change to the cell's records; the log has them

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(sa.String(45), index=True)
    login: Mapped[str] = mapped_column(sa.String(120))
    created_dt: Mapped[datetime] = mapped_column(default=utcnow, index=True)
