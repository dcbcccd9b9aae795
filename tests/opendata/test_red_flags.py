"""The statistical red flags on the scrutiny desk: cardinal's R038 per department against hand-computed fences, the
page in Hindi and English, recomputation by a reviewer only, the command."""
from decimal import Decimal

import pytest

from gemcell.gemdata.models import BidderState
from gemcell.opendata.models import IndicatorSnapshot
from gemcell.opendata.operations import compute_snapshot


@pytest.fixture
def state_data(create_department, create_bid, create_seller):
    """Four departments whose bids lose 0 of 2 bidders; a fifth (Irrigation) disqualifies 3 of the 4 bids it got."""
    departments = [create_department(code=f'D{i}', name_en=f'Department {i}', name_hi=f'विभाग {i}') for i in range(4)]
    irrigation = create_department(code='IRRIG', name_en='Irrigation', name_hi='सिंचाई')
    sellers = [create_seller(name=f'Firm {i}') for i in range(3)]

    def bid(department, states):
        bidders = [{'name': sellers[i].name, 'key': f'K{i}', 'seller': sellers[i], 'state': state,
                    'is_awarded': state is BidderState.awarded, 'financial_value': Decimal(1000 + i)}
                   for i, state in enumerate(states)]
        return create_bid(buyer_department=department, buyer_department_raw=department.name_en, bidders=bidders)

    for department in departments:
        bid(department, [BidderState.awarded, BidderState.qualified])
        bid(department, [BidderState.awarded, BidderState.qualified])
    bid(irrigation, [BidderState.awarded, BidderState.disqualified_technical])
    bid(irrigation, [BidderState.disqualified_technical, BidderState.awarded, BidderState.disqualified_technical])
    return irrigation


def test_department_with_excessive_disqualifications_is_flagged(db, state_data):
    snapshot = compute_snapshot()
    rows = {row['id']: row for row in snapshot.departments}
    irrigation = rows['UP-DEPT-IRRIG']
    assert (irrigation['processes'], irrigation['submitted'], irrigation['disqualified']) == (2, 5, 3)
    assert irrigation['ratio'] == 0.6 and irrigation['r038'] is True
    assert irrigation['department_id'] == state_data.id
    # ratios 0, 0, 0, 0 and 0.6: Q1 = 0, Q3 = (4.3333… − 4)·0.6 = 0.2, the fence 0.2 + 1.5·0.2 = 0.5
    assert snapshot.meta['R038']['Buyer_upper_fence'] == pytest.approx(0.5)
    assert not any(row['r038'] for key, row in rows.items() if key != 'UP-DEPT-IRRIG')
    assert snapshot.processes == 10


def test_desk_page_in_hindi_and_english(client, login_as, db, state_data):
    compute_snapshot()
    db.session.commit()
    login_as('government')
    html = client.get('/scrutiny/red-flags').get_data(as_text=True)
    assert 'सिंचाई' in html and 'R038' in html  # the department's own name, Hindi first
    assert 'प्रदेश के आँकड़ों पर रेड फ़्लैग' in html and 'लागू सीमाएँ (फ़ेंस)' in html
    assert 'refresh' not in html  # government may look, not recompute
    client.post('/auth/language', data={'locale': 'en'})
    html = client.get('/scrutiny/red-flags').get_data(as_text=True)
    assert 'Fences that applied' in html and 'Excessive disqualified bids' in html and 'Irrigation' in html


def test_reviewer_recomputes_and_the_empty_page_says_so(client, login_as, db):
    login_as('reviewer')
    client.post('/auth/language', data={'locale': 'en'})
    assert 'Not computed yet.' in client.get('/scrutiny/red-flags').get_data(as_text=True)
    response = client.post('/scrutiny/red-flags/refresh')
    assert response.status_code == 303
    assert db.session.query(IndicatorSnapshot).count() == 1


def test_command_computes_a_snapshot(runner, db, state_data):
    db.session.commit()
    result = runner.invoke(args=['gemcell', 'red-flags'])
    assert result.exit_code == 0, result.output
    assert 'over 10 bids: 1 departments' in result.output
