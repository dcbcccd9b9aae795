"""The ``gem-bidplus`` shape on the real BidPlus sample (tests/data/gem-bidplus, 40 records), and its import."""
import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from gemcell.gemdata.importers.contract import ImportError_, Record, Source
from gemcell.gemdata.importers.gem_bidplus import GemBidPlusShape
from gemcell.gemdata.models import Bid, BidSource, DepartmentAlias, ImportState, ProcurementKind

SAMPLE = Path(__file__).parent.parent / 'data' / 'gem-bidplus' / 'bids.jsonl'
LIMITS = {'max_bytes': 10_000_000, 'max_rows': 100_000}
SHAPE = GemBidPlusShape()


def read(path: Path, filename: str | None = None) -> list[Record | ImportError_]:
    return list(SHAPE.read(Source(path, filename or path.name), LIMITS))


def bids_by_number(items: list[Record | ImportError_]) -> dict[str, dict]:
    return {item.fields['number']: item.fields for item in items if isinstance(item, Record)}


def sample_lines() -> list[dict]:
    return [json.loads(line) for line in SAMPLE.read_text().splitlines()]


def write_lines(tmp_path: Path, records: list, name: str = 'bids.jsonl') -> Path:
    path = tmp_path / name
    path.write_text('\n'.join(record if isinstance(record, str) else json.dumps(record) for record in records))
    return path


@pytest.fixture(scope='module')
def sample() -> dict[str, dict]:
    return bids_by_number(read(SAMPLE))


def test_every_line_of_the_sample_is_one_bid_record():
    items = read(SAMPLE)
    assert len(items) == 40
    assert all(isinstance(item, Record) and item.kind == 'bid' for item in items)
    assert [item.row for item in items] == list(range(1, 41))
    assert len(bids_by_number(items)) == 40


def test_boq_furniture_bid_maps_every_documented_field(sample):
    # line 1 of the sample, checked by eye
    fields = {name: value for name, value in sample['GEM/2025/B/6810987'].items() if name != 'raw'}
    assert fields == {
        'source': BidSource.gem,
        'number': 'GEM/2025/B/6810987',
        'is_ra': False,
        'parent_number': None,
        # bd_category_name (152 characters), not b_category_name, which GeM cuts at 99
        'category_name': 'Table office steel with Drawer,Chair writing Office,Table Computer,Chair computer with arms,'
                         'Filling cabinet verticle 4 drawer,Optimizer for file storage',
        'category_id': 'home_boq_boql_boql_boq',
        'kind': ProcurementKind.goods,
        'quantity': Decimal('176'),
        'published_dt': datetime(2025, 12, 4, 10, 45, 56, tzinfo=timezone.utc),
        'start_dt': datetime(2025, 12, 4, 10, 45, 56, tzinfo=timezone.utc),
        'end_dt': datetime(2025, 12, 30, 14, 0, tzinfo=timezone.utc),
        'ministry': 'Ministry of Defence',
        'buyer_department_raw': 'Department of Military Affairs',
        'buyer_user_id': 'dgnpvdirr',
        'title': 'Procurement of furniture',
        'is_custom_item': False,
        'is_boq': True,
        'bid_type': 'two packet',
    }


def test_custom_services_bid_is_services_and_single_packet(sample):
    # line 9: b_type 1, b_cat_id services_home_cust, ba_is_single_packet 1, no bbt_title, no bd_details_is_boq
    fields = sample['GEM/2025/B/6972169']
    assert fields['kind'] is ProcurementKind.services
    assert fields['bid_type'] == 'single packet'
    assert fields['title'] is None
    assert fields['is_boq'] is None
    assert fields['buyer_user_id'] == 'buyer54.halh.or@gembuyer.in'
    assert fields['buyer_department_raw'] == 'Department of Defence Production'
    assert fields['category_name'].endswith('IN 615 AND 616 SHOP FOR 3 DAYS IN SUKHOI ENGINE DIVIS..')


def test_services_are_exactly_the_services_catalogue_bids(sample):
    services = {number for number, fields in sample.items() if fields['kind'] is ProcurementKind.services}
    assert services == {'GEM/2025/B/6848023', 'GEM/2025/B/6972169', 'GEM/2025/B/6977805', 'GEM/2025/B/6977945',
                        'GEM/2025/B/7026434'}


def test_department_na_and_absent_ministry_are_none(sample):
    assert sample['GEM/2025/B/6974685']['buyer_department_raw'] is None        # "NA" (line 10)
    assert sample['GEM/2025/B/6974685']['ministry'] == 'Ministry of Mines'
    tneb = sample['GEM/2025/B/6918037']                                         # no minName at all (line 7)
    assert tneb['ministry'] is None
    assert tneb['buyer_department_raw'] == 'Tamilnadu Electricity Board Limited (TNEB)'
    assert tneb['quantity'] == Decimal('65000')
    assert sum(fields['ministry'] is None for fields in sample.values()) == 8


def test_html_escaped_department_is_unescaped(sample):
    assert sample['GEM/2025/B/6908277']['buyer_department_raw'] == \
        'Department for Promotion of Industry & Internal Trade'


def test_raw_is_the_record_as_read_with_the_undocumented_flags(sample):
    raw = sample['GEM/2025/B/6918037']['raw']
    assert raw == sample_lines()[6]
    assert raw['is_high_value'] == [True] and raw['b_status'] == [1]
    json.dumps(raw)


def test_json_array_gives_the_same_records_as_json_lines(tmp_path, sample):
    path = tmp_path / 'bids.json'
    path.write_text(json.dumps(sample_lines(), indent=1))
    assert bids_by_number(read(path)) == sample


def test_reverse_auction_has_is_ra_and_its_parent_bid(tmp_path):
    # the sample has no RA: line 1 turned into the RA of its own bid, as GeM lists them
    record = dict(sample_lines()[0], b_bid_number=['GEM/2025/R/612345'], b_bid_number_parent=['GEM/2025/B/6810987'])
    [item] = read(write_lines(tmp_path, [record]))
    assert item.fields['number'] == 'GEM/2025/R/612345'
    assert item.fields['is_ra'] is True
    assert item.fields['parent_number'] == 'GEM/2025/B/6810987'


def test_fractional_quantity_and_its_raw_stay_json_safe(tmp_path):
    record = dict(sample_lines()[0], b_total_quantity=[12.5])
    [item] = read(write_lines(tmp_path, [record]))
    assert item.fields['quantity'] == Decimal('12.5')
    assert item.fields['raw']['b_total_quantity'] == [12.5]


def test_a_line_that_is_not_json_is_a_row_error_and_the_rest_is_read(tmp_path):
    first, second = sample_lines()[:2]
    items = read(write_lines(tmp_path, [first, '{"b_bid_number": ["GEM/2025/B/1234567"', second]))
    assert [type(item) for item in items] == [Record, ImportError_, Record]
    error = items[1]
    assert (error.kind, error.file, error.row) == ('bid', 'bids.jsonl', 2)
    assert 'not valid JSON' in str(error.message)


@pytest.mark.parametrize(('change', 'column', 'value', 'words'), [
    ({'b_bid_number': ['GEM/25/B/6810987']}, 'b_bid_number', 'GEM/25/B/6810987', 'is not a GeM bid number'),
    ({'b_bid_number': []}, 'b_bid_number', None, 'has no bid number'),
    ({'b_bid_number_parent': ['6810987']}, 'b_bid_number_parent', '6810987', 'is not a GeM bid number'),
    ({'final_end_date_sort': ['2025-02-30T14:00:00Z']}, 'final_end_date_sort', '2025-02-30T14:00:00Z',
     'is not a valid date'),
    ({'b_total_quantity': ['many']}, 'b_total_quantity', 'many', 'is not a valid amount'),
])
def test_a_bad_value_is_a_row_error_naming_the_field_and_value(tmp_path, change, column, value, words):
    record = dict(sample_lines()[0], **change)
    items = read(write_lines(tmp_path, [record, sample_lines()[1]]))
    error = items[0]
    assert isinstance(error, ImportError_) and isinstance(items[1], Record)
    assert (error.kind, error.row, error.column, error.value) == ('bid', 1, column, value)
    assert words in str(error.message)
    if value:
        assert value in str(error.message)


def test_record_without_a_bid_number_field_is_a_row_error(tmp_path):
    record = {key: value for key, value in sample_lines()[0].items() if key != 'b_bid_number'}
    [error] = read(write_lines(tmp_path, [record]))
    assert isinstance(error, ImportError_) and error.column == 'b_bid_number'


# -- through the engine, into the database ------------------------------------------------------------------------


def run(db, *, dry_run=False):
    from gemcell.gemdata.importers.engine import run_import
    batch = run_import(SHAPE, Source(SAMPLE, 'bids.jsonl'), dry_run=dry_run)
    db.session.commit()
    return batch


def test_sample_imports_40_bids_and_again_all_unchanged(db):
    first = run(db)
    assert first.state is ImportState.committed, first.message
    assert first.counts == {'bid': {'new': 40, 'changed': 0, 'unchanged': 0, 'rejected': 0}}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Bid)) == 40
    again = run(db)
    assert again.counts == {'bid': {'new': 0, 'changed': 0, 'unchanged': 40, 'rejected': 0}}


def test_imported_bid_has_its_values_and_raw(db):
    run(db)
    bid = db.session.scalar(sa.select(Bid).filter_by(number='GEM/2025/B/6810987'))
    assert (bid.source, bid.kind, bid.quantity, bid.is_boq) == (BidSource.gem, ProcurementKind.goods, 176, True)
    assert bid.end_dt == datetime(2025, 12, 30, 14, 0, tzinfo=timezone.utc)
    assert bid.raw == sample_lines()[0]


def test_department_names_wait_in_the_alias_queue(db):
    run(db)
    aliases = db.session.scalars(sa.select(DepartmentAlias)).all()
    names = {line['ba_official_details_deptName'][0] for line in sample_lines()} - {'NA'}
    assert len(aliases) == len(names) == 22
    assert all(alias.department_id is None for alias in aliases)
    assert 'Department for Promotion of Industry & Internal Trade' in {alias.name for alias in aliases}
    military = db.session.scalar(sa.select(DepartmentAlias).filter_by(key='department of military affairs'))
    assert military.seen_count == 9
    assert db.session.scalar(sa.select(Bid).filter_by(number='GEM/2025/B/6974685')).buyer_department_key is None


def test_dry_run_writes_no_bid(db):
    batch = run(db, dry_run=True)
    assert batch.state is ImportState.dry_run
    assert batch.counts['bid']['new'] == 40
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Bid)) == 0
