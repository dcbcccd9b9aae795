"""A bid with a manual L-1 finding confirmed by a reviewer: what a debarment / blacklisting case is opened from."""
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from gemcell.gemdata.models import BidderState


@pytest.fixture
def manual_l1(db, create_department, create_office, create_bid, create_finding, create_seller,
              create_disqualification_review):
    department = create_department(name_hi='लोक निर्माण विभाग', name_en='Public Works Department')
    office = create_office(department=department, name_hi='अधिशासी अभियन्ता, प्रान्तीय खण्ड, लखनऊ',
                           name_en='Executive Engineer, Provincial Division, Lucknow')
    seller = create_seller(gem_seller_id='SELLER-7788', name='M/S Shree Ganesh Traders',
                           udyam_number='UDYAM-UP-43-0012345',
                           state='Uttar Pradesh')
    bid = create_bid(buyer_department=department, office=office, number='GEM/2026/B/7001234',
                     title='Supply of office furniture', buyer_user_id='ee.pd.lko', estimated_value=Decimal('2500000'),
                     published_dt=datetime(2026, 6, 1, 5, tzinfo=timezone.utc),
                     end_dt=datetime(2026, 6, 12, 10, tzinfo=timezone.utc), bidders=[
                         {'name': 'M/S Shree Ganesh Traders', 'state': BidderState.awarded, 'is_awarded': True,
                          'rank': 2, 'financial_value': Decimal('2410000'), 'seller': seller},
                         {'name': 'M/S Lowest Price Co', 'state': BidderState.disqualified_financial, 'rank': 1,
                          'financial_value': Decimal('2050000'), 'reason': 'Rejected without reason'},
                         {'name': 'M/S Third Bidder', 'state': BidderState.qualified, 'rank': 3,
                          'financial_value': Decimal('2460000')}])
    finding = create_finding(bid=bid, rule_id='MANUAL-L1', state='confirmed',
                             evidence={'params': {'winner': 'M/S Shree Ganesh Traders', 'winner_inr': '2410000',
                                                  'lowest': 'M/S Lowest Price Co', 'lowest_inr': '2050000',
                                                  'gap': '14.93'}},
                             remark='न्यूनतम दर वाले बिडर को बिना कारण अस्वीकृत किया गया')
    second = create_finding(bid=bid, rule_id='CARD-R035', state='confirmed',
                            evidence={'params': {'disqualified': 1, 'bidders': 3,
                                                 'winner': 'M/S Shree Ganesh Traders'}})
    review = create_disqualification_review(bidder=next(b for b in bid.bidders if b.rank == 1), verdict='incorrect',
                                            note='No reason recorded')
    db.session.commit()
    return {'department': department, 'office': office, 'seller': seller, 'bid': bid, 'finding': finding,
            'second': second, 'review': review}
