"""Factory fixtures (Indico's style): each returns a callable with sensible defaults; objects are flushed."""
import itertools

import pytest

from gemcell.auth.operations import create_user as _create_user
from gemcell.core.permissions import Role
from gemcell.directory.models import Department, District, Office
from gemcell.gemdata.models import Bid, Bidder, BidSource, Order, Seller

_counter = itertools.count(1)
PASSWORD = 'correct horse battery'


@pytest.fixture
def create_department(db):
    def _create(**kwargs):
        n = next(_counter)
        kwargs.setdefault('code', f'DEPT{n}')
        kwargs.setdefault('name_hi', f'विभाग {n}')
        kwargs.setdefault('name_en', f'Department {n}')
        department = Department(**kwargs)
        db.session.add(department)
        db.session.flush()
        return department
    return _create


@pytest.fixture
def create_district(db):
    def _create(**kwargs):
        n = next(_counter)
        kwargs.setdefault('name_hi', f'जनपद {n}')
        kwargs.setdefault('name_en', f'District {n}')
        kwargs.setdefault('division_hi', 'लखनऊ')
        kwargs.setdefault('division_en', 'Lucknow')
        district = District(**kwargs)
        db.session.add(district)
        db.session.flush()
        return district
    return _create


@pytest.fixture
def create_office(db, create_department):
    def _create(**kwargs):
        n = next(_counter)
        if 'department' not in kwargs and 'department_id' not in kwargs:
            kwargs['department'] = create_department()
        kwargs.setdefault('name_hi', f'कार्यालय {n}')
        kwargs.setdefault('name_en', f'Office {n}')
        office = Office(**kwargs)
        db.session.add(office)
        db.session.flush()
        return office
    return _create


@pytest.fixture
def create_user(db, create_department):
    def _create(role='reviewer', **kwargs):
        n = next(_counter)
        role = Role(role)
        if role is Role.nodal and 'department' not in kwargs:
            kwargs['department'] = create_department()
        kwargs.setdefault('login', f'{role.value}{n}')
        kwargs.setdefault('name', f'User {n}')
        kwargs.setdefault('password', PASSWORD)
        user = _create_user(role=role, **kwargs)
        db.session.commit()
        return user
    return _create


@pytest.fixture
def create_seller(db):
    def _create(**kwargs):
        n = next(_counter)
        kwargs.setdefault('gem_seller_id', f'SELLER{n:010d}')
        kwargs.setdefault('name', f'M/S Firm {n}')
        seller = Seller(**kwargs)
        db.session.add(seller)
        db.session.flush()
        return seller
    return _create


@pytest.fixture
def create_bid(db):
    """``create_bid(bidders=[{'name': …, 'rank': 1, …}], **fields)``."""
    def _create(bidders=(), **kwargs):
        n = next(_counter)
        kwargs.setdefault('source', BidSource.gem)
        kwargs.setdefault('number', f'GEM/2025/B/{6000000 + n}')
        bid = Bid(**kwargs)
        for index, bidder in enumerate(bidders):
            bidder = dict(bidder)
            bidder.setdefault('name', f'M/S Bidder {index + 1}')
            bidder.setdefault('key', bidder['name'])
            bid.bidders.append(Bidder(**bidder))
        db.session.add(bid)
        db.session.flush()
        return bid
    return _create


@pytest.fixture
def create_order(db):
    def _create(**kwargs):
        n = next(_counter)
        kwargs.setdefault('number', f'GEMC-5116877{n:08d}')
        order = Order(**kwargs)
        db.session.add(order)
        db.session.flush()
        return order
    return _create


@pytest.fixture
def scoped_factories(create_department, create_office, create_user, create_bid, create_order):
    """For every model holding department data: ``model name -> factory(department) -> object``.

    ``tests/test_scoping.py`` fails for a scoped model that has no entry here, so each new model joins the
    department-scope test by adding one line.
    """
    return {
        'Department': lambda department: department,
        'Office': lambda department: create_office(department=department),
        'User': lambda department: create_user(role='nodal', department=department),
        'Bid': lambda department: create_bid(buyer_department=department),
        'Order': lambda department: create_order(buyer_department=department),
    }
