"""Demo payments: payment milestones on the demo's imported GeM orders (CRAC, invoice, payment), spread
deterministically over the last months so the ageing has every bucket, some sellers marked micro/small, and a few
reports by the departments (paid, or a reason for delay). Only orders without a CRAC are touched, so a second run
(or real data imported since) is left alone.

Also two orders of each demo department in the demo's offices, placed through the same import shapes' fields, so
each nodal officer has a status return to fill.
"""
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from gemcell.auth.models import User
from gemcell.core.i18n import IST
from gemcell.directory.models import Office
from gemcell.extensions import db
from gemcell.gemdata.models import BuyingMode, Order, Seller
from gemcell.payments import operations
from gemcell.payments.models import PaymentReport, PaymentState, ReportSource

#: (days since the CRAC, paid how many days after the CRAC or None) in turn for the orders, by their number's order
PLAN = [(4, None), (8, 6), (15, None), (26, 9), (38, None), (52, None), (70, 31), (95, None), (130, None),
        (19, 12), (60, None), (41, 40), (200, None), (12, None), (33, 15), (105, 70)]
#: the demo's own orders: (department code, office's English name, product, value, seller, is MSE, days since order)
EXTRA = [
    ('HEALTH', 'Chief Medical Officer, Agra', 'Pulse Oximeter', '18500', 'M/S AGRA SURGICALS', True, 48),
    ('HEALTH', 'Chief Medical Officer, Gorakhpur', 'Hospital Bed', '245000', 'M/S PURVANCHAL MEDICARE', True, 75),
    ('HEALTH', 'Directorate General, Medical and Health Services', 'Online UPS', '86000', 'M/S POWERTECH SYSTEMS',
     False, 40),
    ('PWD', 'Executive Engineer, Provincial Division, Varanasi', 'LED Street Light', '312000',
     'M/S KASHI ELECTRICALS', True, 110),
    ('PWD', 'Superintending Engineer, PWD, Prayagraj', 'Desktop Computer', '154000', 'M/S SANGAM INFOTECH', False, 66),
    ('BASIC', 'District Basic Education Officer, Kanpur Nagar', 'School Desk', '480000', 'M/S KANPUR WOOD CRAFT',
     True, 140),
    ('BASIC', 'District Basic Education Officer, Bareilly', 'White Board', '24000', 'M/S ROHILKHAND STATIONERS', True,
     35),
]


def load_demo_payments(today: date) -> int:
    operations.seed_delay_reasons()
    _extra_orders(today)
    orders = list(db.session.scalars(
        sa.select(Order).where(Order.buyer_department_id.is_not(None), Order.crac_date.is_(None),
                               Order.payment_date.is_(None)).order_by(Order.number)))
    changed = 0
    for index, order in enumerate(orders):
        since, paid_after = PLAN[index % len(PLAN)]
        ordered = order.order_dt.astimezone(IST).date() if order.order_dt else today - timedelta(days=since + 20)
        crac = max(today - timedelta(days=since), ordered + timedelta(days=3))
        order.crac_date = crac
        order.invoice_number = f'INV/{crac.year}/{1000 + index}'
        order.invoice_date = crac
        order.invoice_amount = order.total_value
        if paid_after is not None and crac + timedelta(days=paid_after) <= today:
            order.payment_date = crac + timedelta(days=paid_after)
            order.payment_amount = order.total_value
        if order.seller is not None and order.seller.is_mse is None:
            order.seller.is_mse = index % 3 != 2
        changed += 1
    db.session.flush()
    _reports(today)
    return changed


def _extra_orders(today: date) -> None:
    offices = {(o.department.code, o.name_en): o for o in db.session.scalars(sa.select(Office))}
    for index, (code, office_name, product, value, seller_name, is_mse, days) in enumerate(EXTRA, start=1):
        number = f'GEMC-5116877900{index:05d}'
        office = offices.get((code, office_name))
        if office is None or db.session.scalar(sa.select(Order.id).filter_by(number=number)) is not None:
            continue
        gem_id = f'DEMO-SELLER-{index:03d}'
        seller = db.session.scalar(sa.select(Seller).filter_by(gem_seller_id=gem_id))
        if seller is None:
            seller = Seller(gem_seller_id=gem_id, name=seller_name, is_mse=is_mse, state='UTTAR PRADESH')
            db.session.add(seller)
        ordered = datetime.combine(today - timedelta(days=days), time(11), IST)
        db.session.add(Order(number=number, buyer_department_id=office.department_id, office_id=office.id,
                             office_raw=office.name_en, seller=seller, seller_name=seller_name, product=product,
                             category_name=product, quantity=Decimal(1), unit_price=Decimal(value),
                             total_value=Decimal(value), buying_mode=BuyingMode.direct if Decimal(value) <= 25000
                             else BuyingMode.l1, order_dt=ordered, status='Order Accepted'))
    db.session.flush()


def _reports(today: date) -> None:
    """A reason for delay on some of each demo department's overdue orders, as its nodal officer reported."""
    from gemcell.payments.queries import unpaid_orders
    officers = {u.department_id: u for u in db.session.scalars(sa.select(User).where(User.department_id.is_not(None)))}
    reasons = ['budget', 'bill_not_received', 'dispute']
    for department_id, officer in officers.items():
        if db.session.scalar(sa.select(PaymentReport.id).filter_by(department_id=department_id).limit(1)):
            continue  # reported before: a second run adds nothing
        overdue = [p for p in unpaid_orders(department_id, day=today) if p.is_overdue and p.status is None]
        updates = [operations.RowUpdate(p.order, PaymentState.delayed, reason_code=reasons[i % len(reasons)],
                                        remark='बजट आवंटन की प्रतीक्षा' if i % len(reasons) == 0 else None)
                   for i, p in enumerate(overdue[:2])]
        if updates:
            operations.save_reports(department_id, updates, officer, ReportSource.table)
