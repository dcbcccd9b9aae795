from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from gemcell.gemdata.models import BidderState, BidSource, BuyingMode, ProcurementKind


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


@pytest.fixture
def ocds_data(create_department, create_office, create_seller, create_bid, create_order):
    """A GeM bid with every field, a GePNIC tender with disqualified bidders, their orders, and an order without a
    bid."""
    health = create_department(code='HEALTH', name_en='Medical Health and Family Welfare', name_hi='चिकित्सा')
    office = create_office(department=health, name_en='CMO Lucknow', name_hi='सीएमओ लखनऊ')
    shiv, ram = create_seller(name='Shiv Traders', is_mse=True), create_seller(name='Ram Enterprises')
    gem = create_bid(
        source=BidSource.gem, number='GEM/2025/B/6810987', title='Hospital beds', description='Semi-Fowler beds',
        buyer_department=health, buyer_department_raw='Medical Health and Family Welfare Department',
        office=office, office_raw='CMO Lucknow', buyer_user_id='buyer.123', ministry='State Government',
        category_name='Hospital Bed', category_id='hospital_bed_1', kind=ProcurementKind.goods,
        quantity=Decimal('40'), estimated_value=Decimal('1250000.50'), emd_required=True,
        emd_amount=Decimal('25000'), emd_percent=Decimal('2'), emd_exemption=True, epbg_percent=Decimal('5'),
        published_dt=utc(2025, 3, 1, 5, 30), start_dt=utc(2025, 3, 1, 5, 30), end_dt=utc(2025, 3, 11, 9, 30),
        opening_dt=utc(2025, 3, 11, 10), bid_type='two packet', evaluation_method='L1', is_custom_item=False,
        is_boq=False, mse_exemption=True, startup_exemption=False, atc_text='Warranty 3 years',
        status='Bid Award', reference='CMO/LKO/2025/17',
        bidders=[
            {'name': 'Shiv Traders', 'key': 'S1', 'seller': shiv, 'state': BidderState.awarded, 'is_awarded': True,
             'rank': 1, 'financial_value': Decimal('1100000'), 'awarded_value': Decimal('1100000'),
             'submitted_dt': utc(2025, 3, 5, 6), 'status_raw': 'Awarded'},
            {'name': 'Ram Enterprises', 'key': 'S2', 'seller': ram, 'state': BidderState.disqualified_technical,
             'reason': 'Experience certificate not uploaded', 'financial_value': Decimal('1050000'),
             'submitted_dt': utc(2025, 3, 6, 6)},
            {'name': 'Maa Durga Suppliers', 'key': 'S3', 'state': BidderState.qualified, 'rank': 2,
             'financial_value': Decimal('1180000.75')},
        ])
    gepnic = create_bid(
        source=BidSource.gepnic, number='2022_PWD_26485_11', title='Road repair', bid_type='Open Tender',
        buyer_department_raw='Public Works Department', kind=ProcurementKind.works, estimated_value=Decimal('8408500'),
        published_dt=utc(2022, 5, 1), start_dt=utc(2022, 5, 2), end_dt=utc(2022, 5, 10),
        contract_date=date(2022, 6, 1), contract_value=Decimal('8408500'),
        bidders=[
            {'name': 'Star Constructions', 'key': 'B1', 'state': BidderState.awarded, 'is_awarded': True,
             'financial_value': Decimal('8408500'), 'status_raw': 'Accepted-AOC'},
            {'name': 'Ganesh Neog', 'key': 'B2', 'state': BidderState.not_admitted, 'status_raw': 'Rejected-Technical'},
            {'name': 'Dearer Builders', 'key': 'B3', 'state': BidderState.disqualified_financial,
             'financial_value': Decimal('9000000'), 'status_raw': 'Rejected-Finance'},
        ])
    order = create_order(number='GEMC-511687754738820', bid=gem, bid_number=gem.number, buyer_department=health,
                         buyer_department_raw='Medical Health and Family Welfare Department', seller=shiv,
                         seller_name='Shiv Traders', product='Semi-Fowler bed', brand='Godrej', model='SF-1',
                         category_name='Hospital Bed', quantity=Decimal('40'), unit_price=Decimal('27500'),
                         total_value=Decimal('1100000'), buying_mode=BuyingMode.bid,
                         order_dt=utc(2025, 3, 20, 6), status='Delivered', crac_date=date(2025, 4, 2),
                         invoice_number='INV-9', invoice_date=date(2025, 4, 3), invoice_amount=Decimal('1100000'),
                         payment_date=date(2025, 4, 20), payment_amount=Decimal('1100000'))
    direct = create_order(number='GEMC-511687754738821', buyer_department=health, seller=ram,
                          buyer_department_raw='Medical Health and Family Welfare Department',
                          seller_name='Ram Enterprises', product='Printer toner', total_value=Decimal('18500'),
                          buying_mode=BuyingMode.direct, order_dt=utc(2025, 6, 1, 6), status='Completed')
    return {'health': health, 'gem': gem, 'gepnic': gepnic, 'order': order, 'direct': direct, 'shiv': shiv}
