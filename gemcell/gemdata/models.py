"""The mirror of GeM's (and GePNIC's) data: bids with their bidders, orders, sellers, and the imports that brought
them in.

Every imported row keeps the source record it came from (``raw``, JSON, loaded only when asked for: a record's own page
shows it, lists do not) and the import batch that last changed it.
A record read from a JSON source is kept as the object it was (``{"b_bid_number": …}``); a row of a table (CSV, XLSX)
as ``[layout id, value, …]``: its values in column order after the id of the ``SourceLayout`` holding the file's
headers, stored once instead of with every row (a million-row file's bilingual headers would otherwise be most of
its bytes). ``source_record`` gives either as ``{header: value}``.

Department names in the sources are free text: ``buyer_department_raw`` keeps the name as written and
``buyer_department_id`` is filled through ``DepartmentAlias`` once a reviewer has mapped that name.
"""
import hashlib
import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gemcell.core.db import TimestampMixin, TitledEnum, enum_column, titled, utcnow
from gemcell.directory.models import Department, Office
from gemcell.extensions import db

Money = sa.Numeric(18, 2)
Percent = sa.Numeric(7, 3)


class BidSource(TitledEnum):
    gem = 'gem'
    gepnic = 'gepnic'
    manual = 'manual'


class ProcurementKind(TitledEnum):
    goods = 'goods'
    services = 'services'
    works = 'works'


class BidderState(TitledEnum):
    qualified = 'qualified'
    disqualified_technical = 'disqualified_technical'
    disqualified_financial = 'disqualified_financial'
    not_admitted = 'not_admitted'
    awarded = 'awarded'
    unknown = 'unknown'


class BuyingMode(TitledEnum):
    direct = 'direct'
    l1 = 'l1'
    bid = 'bid'
    ra = 'ra'


class ImportState(TitledEnum):
    running = 'running'
    dry_run = 'dry_run'        # checked, nothing written
    committed = 'committed'    # written in one transaction
    rejected = 'rejected'      # the file as a whole was refused
    failed = 'failed'          # an unexpected error; nothing written


titled({
    BidSource.gem: _l('GeM'), BidSource.gepnic: _l('GePNIC (e-tender)'), BidSource.manual: _l('Entered by hand'),
    ProcurementKind.goods: _l('Goods'), ProcurementKind.services: _l('Services'), ProcurementKind.works: _l('Works'),
    BidderState.qualified: _l('Qualified'),
    BidderState.disqualified_technical: _l('Technically disqualified'),
    BidderState.disqualified_financial: _l('Disqualified at the financial stage'),
    BidderState.not_admitted: _l('Not admitted'),
    BidderState.awarded: _l('Awarded'),
    BidderState.unknown: _l('Not known'),
    BuyingMode.direct: _l('Direct purchase'), BuyingMode.l1: _l('L1 purchase'), BuyingMode.bid: _l('Bid'),
    BuyingMode.ra: _l('Reverse auction'),
    ImportState.running: _l('Running'), ImportState.dry_run: _l('Checked only (dry run)'),
    ImportState.committed: _l('Imported'), ImportState.rejected: _l('Rejected'), ImportState.failed: _l('Failed'),
})


class ImportBatch(db.Model):
    """One file brought in (or checked) by a user or the CLI."""

    __tablename__ = 'import_batches'
    #: the batch is itself the record of who imported what; its commit is written to the trail by the importer
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``gem-bidplus``, ``gem-contracts``, ``gepnic``, ``template`` or ``mapped``
    shape: Mapped[str] = mapped_column(sa.String(20))
    profile: Mapped[str | None] = mapped_column(sa.String(80))
    filename: Mapped[str] = mapped_column(sa.String(255))
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    state: Mapped[ImportState] = mapped_column(enum_column(ImportState, 'import_state'))
    is_dry_run: Mapped[bool] = mapped_column(default=False)
    #: ``{kind: {new, changed, unchanged, rejected}}``
    counts: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: the row-level errors, ``[{file, row, column, value, message}]`` (the first 10,000)
    errors: Mapped[list] = mapped_column(sa.JSON, default=list)
    error_count: Mapped[int] = mapped_column(default=0)
    #: a message for a file refused as a whole
    message: Mapped[str | None] = mapped_column(sa.Text)
    rows_done: Mapped[int] = mapped_column(default=0)
    rows_total: Mapped[int | None] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'), index=True)
    created_dt: Mapped[datetime] = mapped_column(default=utcnow)
    finished_dt: Mapped[datetime | None] = mapped_column()

    created_by = relationship('User')

    def can_commit(self) -> bool:
        """A finished dry run whose file was not refused can be imported for real."""
        return self.is_dry_run and self.state is ImportState.dry_run


class SourceLayout(db.Model):
    """The headers of a table (CSV or XLSX) that rows were imported from, stored once for every row of every file
    with the same headers; a row's ``raw`` names it by id. Never changed nor deleted: rows refer to it."""

    __tablename__ = 'source_layouts'

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of ``headers`` as JSON (``layout_digest``): the same headers are stored once
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: the file's headers, in column order
    headers: Mapped[list] = mapped_column(sa.JSON)
    created_dt: Mapped[datetime] = mapped_column(default=utcnow)


def layout_digest(headers: Sequence[str]) -> str:
    """What ``SourceLayout.digest`` holds for ``headers``."""
    return hashlib.sha256(json.dumps(list(headers), ensure_ascii=False).encode()).hexdigest()


def source_record(raw: dict | list | None) -> dict | None:
    """A stored ``raw`` as ``{header: value}``: as it is for a JSON object, through its ``SourceLayout`` for a
    table's row (``[layout id, value, …]``; headers of a layout that is not there show as column numbers)."""
    if not isinstance(raw, list):
        return raw
    if not raw:
        return None
    layout = db.session.get(SourceLayout, raw[0])
    values = raw[1:]
    headers = layout.headers if layout is not None else [f'#{n}' for n in range(1, len(values) + 1)]
    return dict(zip(headers, values))


class SourceRecordMixin:
    """The ``source_record`` of a model with a ``raw`` column."""

    @property
    def source_record(self) -> dict | None:
        """The source record this row was read from, ``{header: value}`` whichever form ``raw`` has."""
        return source_record(self.raw)


class DepartmentAlias(TimestampMixin, db.Model):
    """A department name as the sources write it, and the gemcell department it means (``None``: not mapped yet).

    Unmapped names form the reviewers' queue; mapping one links every record that carries the name.
    """

    __tablename__ = 'department_aliases'

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the name normalised for matching (case-folded, spaces collapsed)
    key: Mapped[str] = mapped_column(sa.String(500), unique=True)
    #: the name as first seen
    name: Mapped[str] = mapped_column(sa.String(500))
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey('departments.id'), index=True)
    #: how many imported records carried this name when it was last seen
    seen_count: Mapped[int] = mapped_column(default=0, info={'audit': 'skip'})

    department: Mapped[Department | None] = relationship()


class Seller(SourceRecordMixin, TimestampMixin, db.Model):
    """A seller firm registered on GeM."""

    __tablename__ = 'sellers'

    id: Mapped[int] = mapped_column(primary_key=True)
    gem_seller_id: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(300), index=True)
    is_mse: Mapped[bool | None] = mapped_column()
    udyam_number: Mapped[str | None] = mapped_column(sa.String(40))
    is_startup: Mapped[bool | None] = mapped_column()
    state: Mapped[str | None] = mapped_column(sa.String(100))
    #: the source record (see the module's docstring): read it through ``source_record``
    raw: Mapped[dict | list | None] = mapped_column(sa.JSON, deferred=True, info={'audit': 'skip'})
    import_batch_id: Mapped[int | None] = mapped_column(sa.ForeignKey('import_batches.id'), index=True)


class Bid(SourceRecordMixin, TimestampMixin, db.Model):
    """A bid (GeM) or tender (GePNIC) of a buyer department."""

    __tablename__ = 'bids'
    __department_scope__ = 'buyer_department_id'
    __table_args__ = (sa.UniqueConstraint('source', 'number'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[BidSource] = mapped_column(enum_column(BidSource, 'bid_source'))
    #: ``GEM/2025/B/6810987``, ``GEM/2025/R/…`` for a reverse auction, or a GePNIC Tender ID
    number: Mapped[str] = mapped_column(sa.String(60))
    #: for a reverse auction: the bid it came from
    parent_number: Mapped[str | None] = mapped_column(sa.String(60))
    reference: Mapped[str | None] = mapped_column(sa.String(300))
    title: Mapped[str | None] = mapped_column(sa.Text)
    buyer_department_id: Mapped[int | None] = mapped_column(sa.ForeignKey('departments.id'), index=True)
    buyer_department_raw: Mapped[str | None] = mapped_column(sa.String(500))
    #: ``aliases.alias_key(buyer_department_raw)``: what ``DepartmentAlias.key`` matches
    buyer_department_key: Mapped[str | None] = mapped_column(sa.String(500), index=True)
    office_id: Mapped[int | None] = mapped_column(sa.ForeignKey('offices.id'), index=True)
    office_raw: Mapped[str | None] = mapped_column(sa.String(500))
    #: the buyer's GeM user id (``b.b_created_by``)
    buyer_user_id: Mapped[str | None] = mapped_column(sa.String(80), index=True)
    ministry: Mapped[str | None] = mapped_column(sa.String(300))
    category_name: Mapped[str | None] = mapped_column(sa.Text)
    category_id: Mapped[str | None] = mapped_column(sa.String(200))
    kind: Mapped[ProcurementKind | None] = mapped_column(enum_column(ProcurementKind, 'procurement_kind'))
    quantity: Mapped[Decimal | None] = mapped_column(sa.Numeric(18, 3))
    estimated_value: Mapped[Decimal | None] = mapped_column(Money)
    emd_required: Mapped[bool | None] = mapped_column()
    emd_amount: Mapped[Decimal | None] = mapped_column(Money)
    emd_percent: Mapped[Decimal | None] = mapped_column(Percent)
    emd_exemption: Mapped[bool | None] = mapped_column()
    epbg_percent: Mapped[Decimal | None] = mapped_column(Percent)
    published_dt: Mapped[datetime | None] = mapped_column(index=True)
    start_dt: Mapped[datetime | None] = mapped_column()
    end_dt: Mapped[datetime | None] = mapped_column()
    opening_dt: Mapped[datetime | None] = mapped_column()
    #: GeM: single / two packet; GePNIC: Tender Type (Open Tender, Limited…)
    bid_type: Mapped[str | None] = mapped_column(sa.String(60))
    is_ra: Mapped[bool] = mapped_column(default=False)
    evaluation_method: Mapped[str | None] = mapped_column(sa.String(60))
    is_custom_item: Mapped[bool | None] = mapped_column()
    is_boq: Mapped[bool | None] = mapped_column()
    mse_exemption: Mapped[bool | None] = mapped_column()
    startup_exemption: Mapped[bool | None] = mapped_column()
    atc_text: Mapped[str | None] = mapped_column(sa.Text)
    description: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str | None] = mapped_column(sa.String(60))
    contract_date: Mapped[date | None] = mapped_column()
    contract_value: Mapped[Decimal | None] = mapped_column(Money)
    #: the source record (see the module's docstring): read it through ``source_record``
    raw: Mapped[dict | list | None] = mapped_column(sa.JSON, deferred=True, info={'audit': 'skip'})
    import_batch_id: Mapped[int | None] = mapped_column(sa.ForeignKey('import_batches.id'), index=True)

    buyer_department: Mapped[Department | None] = relationship()
    office: Mapped[Office | None] = relationship()
    bidders: Mapped[list['Bidder']] = relationship(back_populates='bid', cascade='all, delete-orphan',
                                                   order_by='(Bidder.rank.is_(None), Bidder.rank, Bidder.name)')


class Bidder(SourceRecordMixin, TimestampMixin, db.Model):
    """A participant in a bid: who bid, whether they qualified, at what price, and whether they won."""

    __tablename__ = 'bidders'
    __table_args__ = (sa.UniqueConstraint('bid_id', 'key'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(sa.ForeignKey('bids.id', ondelete='CASCADE'), index=True)
    #: natural key inside the bid: the source's bid/offer number, else the seller id, else the name
    key: Mapped[str] = mapped_column(sa.String(300))
    name: Mapped[str] = mapped_column(sa.String(300))
    seller_id: Mapped[int | None] = mapped_column(sa.ForeignKey('sellers.id'), index=True)
    submitted_dt: Mapped[datetime | None] = mapped_column()
    state: Mapped[BidderState] = mapped_column(enum_column(BidderState, 'bidder_state'),
                                               default=BidderState.unknown)
    #: the status as the source wrote it (e.g. ``Rejected-Technical``)
    status_raw: Mapped[str | None] = mapped_column(sa.String(120))
    reason: Mapped[str | None] = mapped_column(sa.Text)
    financial_value: Mapped[Decimal | None] = mapped_column(Money)
    rank: Mapped[int | None] = mapped_column()
    is_awarded: Mapped[bool] = mapped_column(default=False)
    awarded_value: Mapped[Decimal | None] = mapped_column(Money)
    #: the source record (see the module's docstring): read it through ``source_record``
    raw: Mapped[dict | list | None] = mapped_column(sa.JSON, deferred=True, info={'audit': 'skip'})
    import_batch_id: Mapped[int | None] = mapped_column(sa.ForeignKey('import_batches.id'), index=True)

    bid: Mapped[Bid] = relationship(back_populates='bidders')
    seller: Mapped[Seller | None] = relationship()


class Order(SourceRecordMixin, TimestampMixin, db.Model):
    """A GeM order (contract, ``GEMC-`` + 15 digits), with its delivery and payment milestones."""

    __tablename__ = 'orders'
    __department_scope__ = 'buyer_department_id'

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(30), unique=True)
    bid_id: Mapped[int | None] = mapped_column(sa.ForeignKey('bids.id'), index=True)
    bid_number: Mapped[str | None] = mapped_column(sa.String(60), index=True)
    #: indexed first in ``ix_orders_department_order_dt``
    buyer_department_id: Mapped[int | None] = mapped_column(sa.ForeignKey('departments.id'))
    buyer_department_raw: Mapped[str | None] = mapped_column(sa.String(500))
    #: ``aliases.alias_key(buyer_department_raw)``: what ``DepartmentAlias.key`` matches
    buyer_department_key: Mapped[str | None] = mapped_column(sa.String(500), index=True)
    office_id: Mapped[int | None] = mapped_column(sa.ForeignKey('offices.id'), index=True)
    office_raw: Mapped[str | None] = mapped_column(sa.String(500))
    buyer_designation: Mapped[str | None] = mapped_column(sa.String(200))
    buyer_org_type: Mapped[str | None] = mapped_column(sa.String(100))
    seller_id: Mapped[int | None] = mapped_column(sa.ForeignKey('sellers.id'), index=True)
    seller_name: Mapped[str | None] = mapped_column(sa.String(300))
    category_name: Mapped[str | None] = mapped_column(sa.Text)
    product: Mapped[str | None] = mapped_column(sa.Text)
    brand: Mapped[str | None] = mapped_column(sa.String(200))
    model: Mapped[str | None] = mapped_column(sa.String(200))
    quantity: Mapped[Decimal | None] = mapped_column(sa.Numeric(18, 3))
    unit_price: Mapped[Decimal | None] = mapped_column(Money)
    total_value: Mapped[Decimal | None] = mapped_column(Money)
    buying_mode: Mapped[BuyingMode | None] = mapped_column(enum_column(BuyingMode, 'buying_mode'))
    #: indexed first in ``ix_orders_order_dt_department_value`` (``reports.models``)
    order_dt: Mapped[datetime | None] = mapped_column()
    status: Mapped[str | None] = mapped_column(sa.String(60))
    crac_date: Mapped[date | None] = mapped_column()
    invoice_number: Mapped[str | None] = mapped_column(sa.String(80))
    invoice_date: Mapped[date | None] = mapped_column()
    invoice_amount: Mapped[Decimal | None] = mapped_column(Money)
    payment_date: Mapped[date | None] = mapped_column()
    payment_amount: Mapped[Decimal | None] = mapped_column(Money)
    #: the source record (see the module's docstring): read it through ``source_record``
    raw: Mapped[dict | list | None] = mapped_column(sa.JSON, deferred=True, info={'audit': 'skip'})
    import_batch_id: Mapped[int | None] = mapped_column(sa.ForeignKey('import_batches.id'), index=True)

    bid: Mapped[Bid | None] = relationship()
    buyer_department: Mapped[Department | None] = relationship()
    office: Mapped[Office | None] = relationship()
    seller: Mapped[Seller | None] = relationship()


class MappingProfile(TimestampMixin, db.Model):
    """A named column mapping for the ``mapped`` import shape: which header of a foreign CSV/XLSX file feeds which
    field of one record kind (the fields and parsers of the template's sheet of that kind)."""

    __tablename__ = 'mapping_profiles'

    id: Mapped[int] = mapped_column(primary_key=True)
    #: what the CLI's ``--profile`` names (``ImportBatch.profile`` keeps it)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    #: ``'seller'``, ``'bid'``, ``'bidder'``, ``'order'`` or ``'payment'``
    kind: Mapped[str] = mapped_column(sa.String(20))
    #: ``{field: source header}``
    columns: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'), index=True)

    created_by = relationship('User')


#: a department's latest bids and orders, a page at a time (its nodal officer's lists): read in order from the index;
#: the orders' index also serves every other look-up by department (there is no index on the department alone)
sa.Index('ix_bids_department_published', Bid.buyer_department_id, Bid.published_dt)
sa.Index('ix_orders_department_order_dt', Order.buyer_department_id, Order.order_dt)
#: the cell's bids of one source, latest first
sa.Index('ix_bids_source_published', Bid.source, Bid.published_dt)
#: the latest change of the bids and bidders (the home pages' counts, kept while it is unchanged)
sa.Index('ix_bids_modified_dt', Bid.modified_dt)
sa.Index('ix_bidders_modified_dt', Bidder.modified_dt)
