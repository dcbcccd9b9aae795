"""The engine against a real database: findings created once, kept in step with corrected data, never deleted;
incremental runs after an import; thresholds by the bid's date; the CLI."""
import json
from datetime import datetime, timezone
from decimal import Decimal

import pytest
import sqlalchemy as sa

from gemcell.core.audit import AuditEntry
from gemcell.gemdata.models import BidderState, BuyingMode
from gemcell.scrutiny.engine import scrutinise
from gemcell.scrutiny.models import Finding, FindingState, ScrutinyRun, Threshold


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=6, tzinfo=timezone.utc)


def live(db, **filters):
    query = sa.select(Finding).where(Finding.state != FindingState.superseded).filter_by(**filters)
    return db.session.scalars(query.order_by(Finding.id)).all()


def rule_ids(db, **filters) -> set[str]:
    return {finding.rule_id for finding in live(db, **filters)}


@pytest.fixture
def emd_bid(create_bid):
    """A GeM bid asking 8% EMD: outside GFR 170's 2–5%."""
    def _create(**kwargs):
        kwargs.setdefault('published_dt', at('2025-01-10'))
        kwargs.setdefault('start_dt', at('2025-01-10'))
        kwargs.setdefault('end_dt', at('2025-01-31'))
        kwargs.setdefault('estimated_value', Decimal('1000000'))
        kwargs.setdefault('emd_required', True)
        kwargs.setdefault('emd_amount', Decimal('80000'))
        return create_bid(**kwargs)
    return _create


def test_a_run_creates_each_finding_once(db, emd_bid):
    bid = emd_bid()
    scrutinise('all')
    scrutinise('all')
    findings = live(db, bid_id=bid.id, rule_id='GFR-170-RANGE')
    assert len(findings) == 1
    assert findings[0].evidence['params']['share'] == '8'
    assert findings[0].evidence['thresholds'][1] == {'name': 'emd.max_percent', 'value': '5',
                                                     'effective_from': '2017-07-25', 'version': 'GFR-170-RANGE'}
    assert findings[0].department_id == bid.buyer_department_id


def test_a_corrected_bid_supersedes_its_finding_and_keeps_it(db, emd_bid):
    bid = emd_bid()
    scrutinise('all')
    finding = live(db, bid_id=bid.id, rule_id='GFR-170-RANGE')[0]
    bid.emd_amount = Decimal('30000')  # 3%: within the range
    db.session.flush()
    run = scrutinise('pending')
    db.session.expire_all()
    assert db.session.get(Finding, finding.id).state is FindingState.superseded
    assert db.session.get(Finding, finding.id).superseded_dt is not None
    assert 'GFR-170-RANGE' not in rule_ids(db, bid_id=bid.id)
    assert run.counts['superseded'] >= 1


def test_changed_evidence_updates_an_open_finding_in_place(db, emd_bid):
    bid = emd_bid()
    scrutinise('all')
    finding = live(db, bid_id=bid.id, rule_id='GFR-170-RANGE')[0]
    bid.emd_amount = Decimal('90000')
    db.session.flush()
    scrutinise('pending')
    db.session.expire_all()
    [current] = live(db, bid_id=bid.id, rule_id='GFR-170-RANGE')
    assert current.id == finding.id
    assert current.evidence['params']['share'] == '9'


def test_changed_evidence_after_review_supersedes_the_reviewed_finding(db, emd_bid, create_user):
    reviewer = create_user('reviewer')
    bid = emd_bid()
    scrutinise('all')
    finding = live(db, bid_id=bid.id, rule_id='GFR-170-RANGE')[0]
    finding.review(FindingState.confirmed, reviewer, 'EMD 8%', at('2025-02-01'))
    bid.emd_amount = Decimal('90000')
    db.session.flush()
    scrutinise('pending')
    db.session.expire_all()
    old = db.session.get(Finding, finding.id)
    assert old.state is FindingState.superseded and old.remark == 'EMD 8%'
    [new] = live(db, bid_id=bid.id, rule_id='GFR-170-RANGE')
    assert new.id != finding.id and new.state is FindingState.open


def test_a_reviewed_finding_whose_cause_stays_is_left_alone(db, emd_bid, create_user):
    reviewer = create_user('reviewer')
    bid = emd_bid()
    scrutinise('all')
    finding = live(db, bid_id=bid.id, rule_id='GFR-170-RANGE')[0]
    finding.review(FindingState.dismissed, reviewer, 'Approved by the competent authority', at('2025-02-01'))
    db.session.flush()
    scrutinise('all')
    db.session.expire_all()
    assert db.session.get(Finding, finding.id).state is FindingState.dismissed
    assert len(live(db, bid_id=bid.id, rule_id='GFR-170-RANGE')) == 1


@pytest.mark.parametrize('day, flagged', [('2019-04-01', False), ('2019-04-02', True),
                                          ('2024-07-09', True), ('2024-07-10', False)])
def test_a_direct_purchase_is_judged_by_the_limit_in_force_on_its_date(db, create_order, day, flagged):
    order = create_order(buying_mode=BuyingMode.direct, total_value=Decimal('40000'), order_dt=at(day),
                         category_name='Office chair')
    scrutinise('all')
    assert ('GFR-149-DIRECT' in rule_ids(db, order_id=order.id)) is flagged


def test_an_administrators_threshold_version_applies_from_its_date(db, create_order, create_user):
    admin = create_user('admin')
    before = create_order(buying_mode=BuyingMode.direct, total_value=Decimal('45000'), order_dt=at('2025-03-31'))
    after = create_order(buying_mode=BuyingMode.direct, total_value=Decimal('45000'), order_dt=at('2025-04-01'))
    db.session.add(Threshold(name='gfr149.direct_limit', value=Decimal('40000'), effective_from=at('2025-04-01').date(),
                             source='UP GO (test)', created_by_id=admin.id))
    db.session.flush()
    scrutinise('all')
    assert 'GFR-149-DIRECT' not in rule_ids(db, order_id=before.id)
    [finding] = live(db, order_id=after.id, rule_id='GFR-149-DIRECT')
    assert finding.evidence['thresholds'][0]['version'] == 'UP GO (test)'


def test_a_split_is_found_and_recomputed_when_an_order_is_corrected(db, create_order, create_office):
    office = create_office()
    orders = [create_order(buying_mode=BuyingMode.direct, total_value=Decimal('20000'), order_dt=at(day),
                           category_name='Printer Toner', office_id=office.id,
                           buyer_department_id=office.department_id)
              for day in ('2024-08-01', '2024-08-05', '2024-08-09')]
    create_order(buying_mode=BuyingMode.direct, total_value=Decimal('20000'), order_dt=at('2024-08-02'),
                 category_name='Office chair', office_id=office.id)  # another category: not in the group
    scrutinise('all')
    [split] = live(db, rule_id='GFR-149-SPLIT')
    assert [item['number'] for item in split.evidence['items']] == [o.number for o in orders]
    assert split.evidence['params']['total_inr'] == '60000'
    assert split.order_id == orders[0].id and split.department_id == office.department_id
    orders[2].total_value = Decimal('5000')  # corrected: the total (45,000) no longer crosses ₹50,000
    db.session.flush()
    scrutinise('pending')
    db.session.expire_all()
    assert live(db, rule_id='GFR-149-SPLIT') == []
    assert db.session.get(Finding, split.id).state is FindingState.superseded


def test_a_pending_run_looks_only_at_what_changed(db, emd_bid):
    emd_bid()
    scrutinise('all')
    emd_bid()
    run = scrutinise('pending')
    assert run.counts['bids'] == 1 and run.counts['new'] >= 1


def test_bidders_changed_by_an_import_rescrutinise_their_bid(db, create_bid, create_import_batch):
    batch = create_import_batch()
    bid = create_bid(start_dt=at('2025-01-01'), end_dt=at('2025-01-20'),
                     bidders=[{'name': 'Only One', 'state': BidderState.awarded, 'is_awarded': True}])
    scrutinise('all')
    assert 'CARD-R018' in rule_ids(db, bid_id=bid.id)
    second = bid.bidders[0].__class__(bid=bid, key='two', name='Second Firm', state=BidderState.qualified,
                                      import_batch_id=batch.id)
    db.session.add(second)
    db.session.flush()
    run = scrutinise('import', batch_id=batch.id)
    assert run.counts['bids'] == 1
    assert 'CARD-R018' not in rule_ids(db, bid_id=bid.id)


def test_a_run_is_recorded_in_the_audit_trail(db, emd_bid):
    emd_bid()
    run = scrutinise('all')
    entry = db.session.scalars(sa.select(AuditEntry).filter_by(model='scrutiny_runs', object_id=str(run.id))).one()
    assert entry.changes['new'][1] == run.counts['new']


def test_a_rule_that_fails_on_one_bid_does_not_stop_the_run(db, emd_bid):
    from gemcell.scrutiny.rules import REGISTRY
    bad, good = emd_bid(), emd_bid()
    rule = REGISTRY['GFR-170-RANGE']
    original = rule.check

    def flaky(bid, settings):
        if bid.id == bad.id:
            raise ZeroDivisionError('odd data')
        return original(bid, settings)
    object.__setattr__(rule, 'check', flaky)  # the rule is a frozen dataclass
    try:
        run = scrutinise('all')
    finally:
        object.__setattr__(rule, 'check', original)
    assert run.counts['errors'] == 1
    assert 'GFR-170-RANGE' in rule_ids(db, bid_id=good.id)


def test_an_import_is_scrutinised_as_soon_as_it_is_committed(db, runner):
    result = runner.invoke(args=['gemcell', 'import', 'gepnic', 'tests/data/gepnic', '--json'])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    run = db.session.scalars(sa.select(ScrutinyRun).filter_by(scope='import')).one()
    assert run.counts['bids'] == 300
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Finding)) == run.counts['new'] > 0


def test_the_cli_prints_open_findings_per_rule_and_severity(db, runner, emd_bid):
    emd_bid()
    emd_bid(emd_amount=Decimal('10000'))  # 1%
    db.session.commit()
    result = runner.invoke(args=['gemcell', 'scrutinise', '--all', '--json'])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {'rule_id': 'GFR-170-RANGE', 'severity': 'deviation', 'open': 2} in report['open']
    again = json.loads(runner.invoke(args=['gemcell', 'scrutinise', '--json']).output)
    assert again['counts']['new'] == 0


def test_a_full_run_with_the_orders_in_a_second_process_finds_what_one_process_finds(db, create_order, create_office,
                                                                                   emd_bid):
    office = create_office()
    for day in ('2024-08-01', '2024-08-05', '2024-08-09'):
        create_order(buying_mode=BuyingMode.direct, total_value=Decimal('20000'), order_dt=at(day),
                     category_name='Printer Toner', office_id=office.id, buyer_department_id=office.department_id)
    over = create_order(buying_mode=BuyingMode.direct, total_value=Decimal('1500000'), order_dt=at('2024-09-01'))
    emd_bid()
    db.session.commit()  # the second process reads what is committed
    run = scrutinise('all', parallel=True)
    db.session.commit()
    assert run.counts['orders'] == 4 and run.counts['bids'] == 1 and run.counts['errors'] == 0
    assert {'GFR-149-SPLIT', 'GFR-170-RANGE'} <= rule_ids(db)
    assert 'GFR-149-BIDRA' in rule_ids(db, order_id=over.id)
    again = scrutinise('all', parallel=False)  # one process sees exactly the same findings
    assert (again.counts['new'], again.counts['updated'], again.counts['superseded']) == (0, 0, 0)
    assert again.counts['unchanged'] == run.counts['new']


def test_the_bids_shared_between_the_two_processes_are_each_scrutinised_once(db, monkeypatch, create_order, emd_bid):
    from gemcell.scrutiny import engine
    monkeypatch.setattr(engine, 'CHUNK', 1)  # a chunk per bid: whichever process is free takes the next
    bids = [emd_bid(emd_amount=Decimal(amount)) for amount in ('10000', '20000', '30000', '40000', '1', '99999')]
    create_order(buying_mode=BuyingMode.direct, total_value=Decimal('1500000'), order_dt=at('2024-09-01'))
    db.session.commit()
    run = scrutinise('all', parallel=True)
    db.session.commit()
    assert run.counts['bids'] == len(bids) and run.counts['orders'] == 1 and run.counts['errors'] == 0
    per_bid = db.session.execute(sa.select(Finding.bid_id, sa.func.count()).where(Finding.bid_id.is_not(None))
                                 .group_by(Finding.bid_id)).all()
    assert {bid_id for bid_id, _count in per_bid} <= {bid.id for bid in bids}
    again = scrutinise('all', parallel=False)
    assert (again.counts['new'], again.counts['updated'], again.counts['superseded']) == (0, 0, 0)
    assert again.counts['unchanged'] == run.counts['new']
