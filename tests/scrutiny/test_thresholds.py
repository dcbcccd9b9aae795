"""The thresholds' versions: the administrator adds one, the whole data is scrutinised again, and bids dated from
the new version on are judged by it."""
from datetime import date, datetime, timezone
from decimal import Decimal

import sqlalchemy as sa

from gemcell.core.audit import AuditEntry
from gemcell.scrutiny.engine import scrutinise
from gemcell.scrutiny.models import Finding, FindingState, Threshold


def html_of(response) -> str:
    return response.get_data(as_text=True)


def form(**overrides) -> dict:
    return {'name': 'emd.max_percent', 'value': '10', 'effective_from': '2026-01-01',
            'source': 'UP GO No. 12/2025-Vitt dated 15.12.2025'} | overrides


def thresholds(db) -> list[Threshold]:
    db.session.expire_all()
    return db.session.scalars(sa.select(Threshold)).all()


def test_admin_sees_every_threshold_with_shipped_and_added_versions(db, client, login, create_user):
    admin = create_user(role='admin', name='Asha Admin')
    db.session.add(Threshold(name='gfr149.direct_limit', value=Decimal('75000'), effective_from=date(2026, 4, 1),
                             source='OM F.1/9/2026-PPD', created_by_id=admin.id))
    db.session.commit()
    login(admin)
    html = html_of(client.get('/scrutiny/thresholds'))
    for name in ('gfr149.direct_limit', 'emd.max_percent', 'split.window_days'):
        assert f'id="threshold-{name}"' in html
    assert 'GFR-149-V2' in html and 'मूल रूप में (RULES.md)' in html
    assert 'OM F.1/9/2026-PPD' in html and 'Asha Admin' in html and '₹75,000.00' in html
    assert '30 दिन' in html  # the splitting window, with its unit


def test_threshold_form_validation(db, client, login_as):
    login_as('admin')
    for data, message in ((form(value='-1'), 'मान ऋणात्मक नहीं हो सकता'),
                          (form(source=''), 'परिवर्तन करने वाले आदेश का उल्लेख करें'),
                          (form(effective_from=''), 'तिथि अंकित करें'),
                          (form(value=''), 'मान अंकित करें')):
        response = client.post('/scrutiny/thresholds', data=data)
        assert response.status_code == 422 and message in html_of(response), data
    assert thresholds(db) == []
    assert client.post('/scrutiny/thresholds', data=form()).status_code == 303
    response = client.post('/scrutiny/thresholds', data=form(value='8', source='another order'))
    assert response.status_code == 422
    assert 'इस तिथि से इस सीमा का संस्करण पहले ही जोड़ा जा चुका है' in html_of(response)
    [row] = thresholds(db)
    assert row.value == Decimal('10')


def test_only_the_administrator_adds_versions(db, client, login_as):
    login_as('cell_head')
    assert client.post('/scrutiny/thresholds', data=form()).status_code == 403
    assert thresholds(db) == []


def test_new_version_judges_bids_dated_after_it(db, client, login_as, create_bid):
    # EMD of 8%: above the shipped 5% maximum
    before = create_bid(number='GEM/2025/B/5000001', estimated_value=1000000, emd_amount=80000,
                        emd_required=True, published_dt=datetime(2025, 6, 1, tzinfo=timezone.utc))
    after = create_bid(number='GEM/2026/B/5000002', estimated_value=1000000, emd_amount=80000,
                       emd_required=True, published_dt=datetime(2026, 3, 1, tzinfo=timezone.utc))
    scrutinise('all')
    db.session.commit()

    def live(bid):
        return db.session.scalars(sa.select(Finding.rule_id).where(
            Finding.bid_id == bid.id, Finding.state != FindingState.superseded)).all()

    assert 'GFR-170-RANGE' in live(before) and 'GFR-170-RANGE' in live(after)

    admin = login_as('admin')
    response = client.post('/scrutiny/thresholds', data=form())
    assert response.status_code == 303 and response.headers['Location'].endswith('/scrutiny/thresholds')
    assert 'पूर्ण पुनः परीक्षण कतार में डाला गया है' in html_of(client.get('/scrutiny/thresholds'))
    [row] = thresholds(db)
    assert (row.name, row.value, row.effective_from, row.created_by_id) == (
        'emd.max_percent', Decimal('10'), date(2026, 1, 1), admin.id)
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.model == 'thresholds')).user_id == admin.id

    scrutinise('all')  # the queued re-scrutiny ran in the test already (immediate tasks); once more is harmless
    db.session.commit()
    db.session.expire_all()
    assert 'GFR-170-RANGE' in live(before)
    assert 'GFR-170-RANGE' not in live(after)
    superseded = db.session.scalar(sa.select(Finding).where(Finding.bid_id == after.id,
                                                            Finding.rule_id == 'GFR-170-RANGE'))
    assert superseded.state is FindingState.superseded
    # the rules catalogue shows the version in force today
    client.post('/auth/logout')
    login_as('reviewer')
    html = html_of(client.get('/scrutiny/rules'))
    assert 'UP GO No. 12/2025-Vitt dated 15.12.2025' in html
