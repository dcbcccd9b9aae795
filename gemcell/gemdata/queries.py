"""Reads for the data mirror's pages. Bids and orders always go through the department scope."""
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from gemcell.core.listing import Listing, day_range
from gemcell.core.permissions import Permission, has_permission
from gemcell.core.scoping import department_filter, visible
from gemcell.directory.queries import department_options
from gemcell.extensions import db
from gemcell.gemdata.importers import SHAPES
from gemcell.gemdata.models import (Bid, Bidder, BidSource, BuyingMode, DepartmentAlias, ImportBatch, ImportState,
                                    MappingProfile, Order, ProcurementKind, Seller)

YES_NO_CHOICES = [('', _l('All')), ('yes', _l('Yes')), ('no', _l('No'))]
#: the department filter's value for records whose department name is not mapped yet
UNMAPPED = 'none'


def yes_no(column):
    return lambda v: column.is_(v == 'yes') if v in ('yes', 'no') else None


def one_of(column, enum_cls):
    return lambda v: column == enum_cls(v) if v in enum_cls.__members__ else None


def by_department(column):
    def clause(value):
        if value == UNMAPPED:
            return column.is_(None)
        return column == int(value) if value.isdigit() else None
    return clause


def enum_choices(enum_cls):
    return [('', _l('All'))] + [(member.value, member.title) for member in enum_cls]


# --- bids ----------------------------------------------------------------------------------------------------

BID_LISTING = Listing(
    sorts={'published': Bid.published_dt, 'end': Bid.end_dt, 'value': Bid.estimated_value, 'number': Bid.number},
    default_sort='-published',
    search=[Bid.number, Bid.title, Bid.category_name, Bid.buyer_department_raw],
    filters={
        'source': one_of(Bid.source, BidSource),
        'department': by_department(Bid.buyer_department_id),
        'kind': one_of(Bid.kind, ProcurementKind),
        **day_range(Bid.published_dt),
        'ra': yes_no(Bid.is_ra),
    },
    kept_count=(Bid,),
)


def visible_bids(user):
    return visible(Bid, user).options(selectinload(Bid.buyer_department))


# --- orders --------------------------------------------------------------------------------------------------

ORDER_LISTING = Listing(
    sorts={'date': Order.order_dt, 'value': Order.total_value, 'number': Order.number},
    default_sort='-date',
    search=[Order.number, Order.product, Order.seller_name, Order.bid_number],
    filters={
        'department': by_department(Order.buyer_department_id),
        'mode': one_of(Order.buying_mode, BuyingMode),
        **day_range(Order.order_dt),
        'seller': lambda v: Order.seller_id.in_(sa.select(Seller.id).where(Seller.gem_seller_id == v)),
    },
    kept_count=(Order, Seller),
)


def visible_orders(user):
    return visible(Order, user).options(selectinload(Order.buyer_department), selectinload(Order.seller))


def get_bid_orders(bid: Bid, user) -> list[Order]:
    return db.session.scalars(visible_orders(user).where(Order.bid_id == bid.id).order_by(Order.order_dt)).all()


# --- sellers -------------------------------------------------------------------------------------------------

SELLER_LISTING = Listing(
    sorts={'name': sa.func.lower(Seller.name), 'gem_id': Seller.gem_seller_id, 'state': Seller.state},
    default_sort='name',
    search=[Seller.name, Seller.gem_seller_id, Seller.udyam_number],
    filters={'mse': yes_no(Seller.is_mse), 'startup': yes_no(Seller.is_startup),
             'state': lambda v: Seller.state == v},
    kept_count=(Seller, Bidder, Bid, Order),  # a nodal officer's sellers: those of the department's bids and orders
)

#: the seller page lists this many of the seller's latest orders, and links to the orders list for the rest
SELLER_ORDERS_SHOWN = 50


def visible_sellers(user):
    """Sellers ``user`` may see: all for the cell and Government; for a nodal officer, the sellers that took part
    in their department's orders or bids (a seller is not department data, but who a department buys from is)."""
    stmt = sa.select(Seller)
    if department_filter(Order, user) is None:
        return stmt
    own_orders = visible(Order, user, sa.select(Order.seller_id)).where(Order.seller_id.is_not(None))
    own_bids = visible(Bid, user, sa.select(Bidder.seller_id).join(Bidder.bid)).where(Bidder.seller_id.is_not(None))
    return stmt.where(sa.or_(Seller.id.in_(own_orders), Seller.id.in_(own_bids)))


def seller_state_choices() -> list[tuple[str, str]]:
    """The States (of India) the sellers are registered in, for the filter."""
    states = db.session.scalars(sa.select(Seller.state).where(Seller.state.is_not(None)).distinct()
                                .order_by(Seller.state))
    return [('', _l('All'))] + [(state, state) for state in states]


def get_order_counts(sellers, user) -> dict[int, int]:
    """Orders per seller that ``user`` may see, for the sellers given (one query)."""
    ids = [s.id for s in sellers]
    if not ids:
        return {}
    stmt = visible(Order, user, sa.select(Order.seller_id, sa.func.count(Order.id)))
    rows = db.session.execute(stmt.where(Order.seller_id.in_(ids)).group_by(Order.seller_id))
    return dict.fromkeys(ids, 0) | dict(rows.all())


def get_seller_orders(seller: Seller, user):
    """``(latest orders, how many in all)`` of ``seller`` that ``user`` may see."""
    stmt = visible_orders(user).where(Order.seller_id == seller.id)
    total = db.session.scalar(stmt.with_only_columns(sa.func.count(Order.id)).order_by(None))
    orders = db.session.scalars(stmt.order_by(Order.order_dt.desc(), Order.id.desc())
                                .limit(SELLER_ORDERS_SHOWN)).all()
    return orders, total


def get_seller_bidders(seller: Seller, user) -> list[Bidder]:
    """The seller's part in every bid ``user`` may see, newest bid first."""
    stmt = visible(Bid, user, sa.select(Bidder).join(Bidder.bid)).where(Bidder.seller_id == seller.id)
    return db.session.scalars(stmt.options(selectinload(Bidder.bid).selectinload(Bid.buyer_department))
                              .order_by(Bid.published_dt.desc(), Bid.id.desc())).all()


# --- departments (for the filters) --------------------------------------------------------------------------

#: what a bid's page shows with it: its department and office, its bidders and their sellers (one query each, not
#: one per bidder)
BID_PAGE = (selectinload(Bid.buyer_department), selectinload(Bid.office),
            selectinload(Bid.bidders).selectinload(Bidder.seller))


def department_choices(user) -> list[tuple[str, str]]:
    """The department filter's choices: the departments ``user`` may see and, for the cell, "not mapped yet"."""
    choices = [('', _l('All departments'))]
    if has_permission(user, Permission.VIEW_ALL_DEPARTMENTS):
        choices.append((UNMAPPED, _l('Department not mapped yet')))
    return choices + department_options(user)


# --- department-name aliases ---------------------------------------------------------------------------------

bid_count = (sa.select(sa.func.count(Bid.id)).where(Bid.buyer_department_key == DepartmentAlias.key)
             .correlate(DepartmentAlias).scalar_subquery())

ALIAS_STATES = {'unmapped': DepartmentAlias.department_id.is_(None),
                'mapped': DepartmentAlias.department_id.is_not(None)}
ALIAS_STATE_CHOICES = [('unmapped', _l('Not mapped yet')), ('mapped', _l('Mapped')), ('all', _l('All'))]

ALIAS_LISTING = Listing(
    sorts={'name': DepartmentAlias.name, 'bids': bid_count, 'seen': DepartmentAlias.seen_count},
    default_sort='-bids',
    search=[DepartmentAlias.name],
    filters={'state': ALIAS_STATES.get,
             'department': lambda v: DepartmentAlias.department_id == int(v) if v.isdigit() else None},
)


def get_alias_usage(aliases) -> dict[str, dict]:
    """For each alias: how many bids and orders carry its name, and one of them as a sample (three queries)."""
    keys = [a.key for a in aliases]
    usage = {key: {'bids': 0, 'orders': 0, 'sample': None} for key in keys}
    if not keys:
        return usage
    samples = {}
    for model, name in ((Order, 'orders'), (Bid, 'bids')):
        rows = db.session.execute(sa.select(model.buyer_department_key, sa.func.count(model.id), sa.func.min(model.id))
                                  .where(model.buyer_department_key.in_(keys)).group_by(model.buyer_department_key))
        for key, count, first_id in rows:
            usage[key][name] = count
            samples[key] = (model, first_id)  # a bid, where there is one, else an order
    for model in (Bid, Order):
        ids = [first_id for m, first_id in samples.values() if m is model]
        found = {obj.id: obj for obj in db.session.scalars(sa.select(model).where(model.id.in_(ids)))} if ids else {}
        for key, (m, first_id) in samples.items():
            if m is model:
                usage[key]['sample'] = found[first_id]
    return usage


# --- import batches ------------------------------------------------------------------------------------------

IMPORT_LISTING = Listing(
    sorts={'created': ImportBatch.created_dt, 'errors': ImportBatch.error_count},
    default_sort='-created',
    search=[ImportBatch.filename],
    filters={'state': one_of(ImportBatch.state, ImportState), 'shape': lambda v: ImportBatch.shape == v},
)


MAPPING_LISTING = Listing(
    sorts={'name': MappingProfile.name, 'created': MappingProfile.created_dt},
    default_sort='name',
    search=[MappingProfile.name],
    filters={'kind': lambda v: MappingProfile.kind == v},
)


def get_profile_usage(profiles) -> dict[str, tuple[int, object]]:
    """For each profile's name: how many imports used it and when the last one was made (one query)."""
    names = [p.name for p in profiles]
    if not names:
        return {}
    rows = db.session.execute(sa.select(ImportBatch.profile, sa.func.count(), sa.func.max(ImportBatch.created_dt))
                              .where(ImportBatch.profile.in_(names)).group_by(ImportBatch.profile))
    return {name: (count, last) for name, count, last in rows}


def shape_title(name: str):
    """What the user calls an import's shape: its title (``importers.SHAPES``), else the name itself."""
    shape = SHAPES.get(name)
    return shape.title if shape is not None else name


def import_shape_choices() -> list[tuple[str, str]]:
    shapes = db.session.scalars(sa.select(ImportBatch.shape).distinct().order_by(ImportBatch.shape))
    return [('', _l('All'))] + [(shape, shape_title(shape)) for shape in shapes]


def visible_batches():
    """Every import batch (the cell's own records: not department data), with who made it."""
    return sa.select(ImportBatch).options(selectinload(ImportBatch.created_by))


def get_imports_of_same_file(batch: ImportBatch) -> list[ImportBatch]:
    """The committed imports of the same file (same content and shape) other than ``batch``, oldest first."""
    return db.session.scalars(sa.select(ImportBatch).where(
        ImportBatch.sha256 == batch.sha256, ImportBatch.shape == batch.shape, ImportBatch.id != batch.id,
        ImportBatch.state == ImportState.committed).order_by(ImportBatch.id)).all()
