"""The OCDS export: the releases of a set of bids (with their orders as contracts) and of the orders that have no
bid in gemcell, read in chunks; as JSON lines (one compiled release per line) or as a release package."""
import json
from collections.abc import Iterator
from datetime import datetime, timezone

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from gemcell.extensions import db
from gemcell.gemdata.models import Bid, Bidder, Order
from gemcell.opendata.ocds import bid_release, order_release, release_package

CHUNK = 500
PUBLISHER = 'GeM Cell, MSME Department, Government of Uttar Pradesh'


def ocid_prefix() -> str:
    return current_app.config['OCDS_OCID_PREFIX']


def iter_releases(bids: sa.Select | None, orders: sa.Select | None, *, prefix: str | None = None,
                  orders_without_bid: bool = True) -> Iterator[dict]:
    """The compiled releases of the bids ``bids`` selects (their orders among those ``orders`` selects are their
    contracts), then, if ``orders_without_bid``, of the orders ``orders`` selects that have no bid."""
    prefix = prefix or ocid_prefix()
    if bids is not None:
        ids = db.session.scalars(bids.with_only_columns(Bid.id).order_by(None).order_by(Bid.id)).all()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            rows = db.session.scalars(
                sa.select(Bid).where(Bid.id.in_(chunk)).order_by(Bid.id)
                .options(selectinload(Bid.bidders).selectinload(Bidder.seller), selectinload(Bid.buyer_department),
                         selectinload(Bid.office))).all()
            by_bid: dict[int, list[Order]] = {}
            if orders is not None:
                for order in db.session.scalars(orders.where(Order.bid_id.in_(chunk)).order_by(None)
                                                .order_by(Order.order_dt, Order.number)
                                                .options(selectinload(Order.seller))):
                    by_bid.setdefault(order.bid_id, []).append(order)
            for bid in rows:
                yield bid_release(bid, prefix=prefix, orders=by_bid.get(bid.id, ()))
            db.session.expunge_all()
    if orders is not None and orders_without_bid:
        ids = db.session.scalars(orders.with_only_columns(Order.id).where(Order.bid_id.is_(None)).order_by(None)
                                 .order_by(Order.id)).all()
        for start in range(0, len(ids), CHUNK):
            rows = db.session.scalars(
                sa.select(Order).where(Order.id.in_(ids[start:start + CHUNK])).order_by(Order.id)
                .options(selectinload(Order.seller), selectinload(Order.buyer_department))).all()
            for order in rows:
                yield order_release(order, prefix=prefix)
            db.session.expunge_all()


def dump(release: dict) -> str:
    return json.dumps(release, ensure_ascii=False, separators=(',', ':'))


def jsonl_chunks(releases) -> Iterator[str]:
    for release in releases:
        yield dump(release) + '\n'


def package(releases, *, uri: str, now: datetime | None = None) -> dict:
    return release_package(list(releases), uri=uri, published=now or datetime.now(timezone.utc),
                           publisher=PUBLISHER)
