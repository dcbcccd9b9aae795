"""Department, Office and District."""
import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gemcell.core.db import TimestampMixin
from gemcell.core.i18n import language
from gemcell.extensions import db


class Bilingual:
    """A row named in Hindi and English; ``name`` follows the interface language (in a query too: the column of
    the language at the time the query is built)."""

    name_hi: Mapped[str]
    name_en: Mapped[str]

    @hybrid_property
    def name(self) -> str:
        return self.name_en if language() == 'en' else self.name_hi

    @name.inplace.expression
    @classmethod
    def _name_expression(cls):
        return cls.name_en if language() == 'en' else cls.name_hi


class Department(Bilingual, TimestampMixin, db.Model):
    """A department of the Government of Uttar Pradesh: a buyer on GeM with its own nodal officers."""

    __tablename__ = 'departments'
    __department_scope__ = 'id'

    id: Mapped[int] = mapped_column(primary_key=True)
    #: short code used in numbers and imports, e.g. ``HEALTH``
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name_hi: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    is_active: Mapped[bool] = mapped_column(default=True)

    offices: Mapped[list['Office']] = relationship(back_populates='department', order_by='Office.name_en')

    def __repr__(self):
        return f'<Department {self.code}>'


class District(Bilingual, db.Model):
    """One of the State's 75 districts, with its division (मण्डल)."""

    __tablename__ = 'districts'

    id: Mapped[int] = mapped_column(primary_key=True)
    name_hi: Mapped[str] = mapped_column(sa.String(100))
    name_en: Mapped[str] = mapped_column(sa.String(100), unique=True)
    division_hi: Mapped[str] = mapped_column(sa.String(100))
    division_en: Mapped[str] = mapped_column(sa.String(100))

    @property
    def division(self) -> str:
        return self.division_en if language() == 'en' else self.division_hi


class Office(Bilingual, TimestampMixin, db.Model):
    """An office of a department (directorate, district or regional office): a GeM buyer office."""

    __tablename__ = 'offices'
    __department_scope__ = 'department_id'
    __table_args__ = (sa.UniqueConstraint('department_id', 'name_en'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(sa.ForeignKey('departments.id'), index=True)
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey('districts.id'), index=True)
    name_hi: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    is_active: Mapped[bool] = mapped_column(default=True)

    department: Mapped[Department] = relationship(back_populates='offices')
    district: Mapped[District | None] = relationship()
