"""The ``gepnic`` shape on the real GePNIC sample (tests/data/gepnic: 300 tenders, 1,478 bids), and its import.

Hand-checked values are quoted from the CSV files in the comments.
"""
import csv
import io
import shutil
import zipfile
from collections import Counter
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from gemcell.gemdata.importers.contract import ImportError_, Record, Source
from gemcell.gemdata.importers.gepnic import TABLES, GepnicShape, bidder_state
from gemcell.gemdata.models import (Bid, Bidder, BidderState, BidSource, DepartmentAlias, ImportState,
                                    ProcurementKind)
from gemcell.gemdata.readers import FileRejected

SAMPLE = Path(__file__).parent.parent / 'data' / 'gepnic'
LIMITS = {'max_bytes': 10_000_000, 'max_rows': 100_000}
SHAPE = GepnicShape()


def read(path: Path | io.BytesIO, filename: str) -> list[Record | ImportError_]:
    return list(SHAPE.read(Source(path, filename), LIMITS))


def split(items):
    records = [item for item in items if isinstance(item, Record)]
    errors = [item for item in items if isinstance(item, ImportError_)]
    return records, errors


def tenders_of(items) -> dict[str, dict]:
    return {r.fields['number']: r.fields for r in items if isinstance(r, Record) and r.kind == 'bid'}


def bidders_of(items) -> dict[tuple[str, str], dict]:
    return {(r.fields['bid_number'], r.fields['key']): r.fields
            for r in items if isinstance(r, Record) and r.kind == 'bidder'}


def without_raw(items) -> list[tuple]:
    """What a record says, whatever form the tables came in (raw and file names differ)."""
    return [(item.kind, item.row, {k: v for k, v in item.fields.items() if k != 'raw'}) if isinstance(item, Record)
            else (item.kind, item.row, item.column, item.value, str(item.message)) for item in items]


def csv_rows(name: str) -> list[list[str]]:
    with open(SAMPLE / f'{name}.csv', encoding='utf-8', newline='') as file:
        return list(csv.reader(file))


def copy_sample(tmp_path: Path, **replace: str) -> Path:
    """The sample in a folder of its own, with some tables replaced by the text given."""
    folder = tmp_path / 'gepnic'
    folder.mkdir()
    for table in TABLES:
        if table in replace:
            (folder / f'{table}.csv').write_text(replace[table], encoding='utf-8')
        else:
            shutil.copy(SAMPLE / f'{table}.csv', folder)
    return folder


def first_lines(table: str, count: int) -> str:
    return ''.join((SAMPLE / f'{table}.csv').read_text(encoding='utf-8').splitlines(keepends=True)[:count])


@pytest.fixture(scope='module')
def sample_items():
    return read(SAMPLE, 'gepnic')


@pytest.fixture(scope='module')
def tenders(sample_items):
    return tenders_of(sample_items)


@pytest.fixture(scope='module')
def bidders(sample_items):
    return bidders_of(sample_items)


# -- counts ----------------------------------------------------------------------------------------------------


def test_sample_gives_300_bids_1478_bidders_and_23_ranking_errors(sample_items):
    records, errors = split(sample_items)
    assert Counter(r.kind for r in records) == {'bid': 300, 'bidder': 1478}
    # GePNIC's H1 (highest bidder) and "RESPONSIVE" / "SPONSIVE" in the Rank column are not ranks
    assert Counter((e.file, e.column, e.value) for e in errors) == {
        ('financial_ranking.csv', 'Rank', 'SPONSIVE'): 18,
        ('financial_ranking.csv', 'Rank', 'H1'): 4,
        ('financial_ranking.csv', 'Rank', 'RESPONSIVE'): 1,
    }
    assert all('is not a valid rank' in str(e.message) for e in errors)


def test_every_row_of_every_table_is_a_record_part_of_one_or_an_error(sample_items):
    records, errors = split(sample_items)
    error_rows = Counter(e.file for e in {(e.file, e.row): e for e in errors}.values())
    merged = Counter(table for r in records if r.kind == 'bidder' for table in r.fields['raw'])
    accounted = {
        'tenders': sum(r.kind == 'bid' for r in records) + error_rows['tenders.csv'],
        'bids': merged['bids'] + error_rows['bids.csv'],
        'financial_ranking': merged['financial_ranking'] + error_rows['financial_ranking.csv'],
        'awards': merged['awards'] + error_rows['awards.csv'],
    }
    assert accounted == {table: len(csv_rows(table)) - 1 for table in TABLES}
    assert accounted == {'tenders': 300, 'bids': 1478, 'financial_ranking': 1238, 'awards': 726}


def test_every_status_of_the_sample_has_a_state(bidders):
    states = Counter((fields['status_raw'], fields['state']) for fields in bidders.values())
    assert states == {
        ('Accepted-AOC', BidderState.awarded): 726,
        ('Rejected-AOC', BidderState.qualified): 395,
        ('Rejected-Technical', BidderState.disqualified_technical): 184,
        ('Rejected-Finance', BidderState.disqualified_financial): 117,
        ('Not Admitted-Fee/PreQual/Technical', BidderState.not_admitted): 49,
        ('Not Admitted-Finance', BidderState.not_admitted): 7,
    }


@pytest.mark.parametrize(('status', 'is_awarded', 'state'), [
    ('Accepted-AOC', True, BidderState.awarded),
    ('Accepted-AOC', False, BidderState.qualified),
    ('Accepted-Technical', False, BidderState.qualified),
    ('Accepted-Technical', True, BidderState.qualified),
    ('Rejected-AOC', False, BidderState.qualified),
    ('rejected - technical', False, BidderState.disqualified_technical),
    ('Rejected-Financial', False, BidderState.disqualified_financial),
    ('Not Admitted-Fee/PreQual/Technical', False, BidderState.not_admitted),
    ('Rejected-Something New', False, BidderState.unknown),
    ('Opened', False, BidderState.unknown),
    (None, False, BidderState.unknown),
])
def test_bidder_state_from_status(status, is_awarded, state):
    assert bidder_state(status, is_awarded) is state


# -- hand-checked records --------------------------------------------------------------------------------------


def test_first_tender_has_every_field(tenders):
    fields = {name: value for name, value in tenders['2018_WPTBC_6506_1'].items() if name != 'raw'}
    assert fields == {
        'source': BidSource.gepnic,
        'number': '2018_WPTBC_6506_1',
        'reference': 'No TKAC 13/16-17/17 Dtd 19/03/2018',
        'title': 'Thengal Gaon River Training Golaghat',
        'description': 'Thengal Gaon River Training Golaghat',
        'buyer_department_raw': 'Welfare of Plain Tribes and Backward Classes',
        'office_raw': 'Director - WPT and BC || Thengal Kachari Autonomous Council',
        'kind': ProcurementKind.works,
        'bid_type': 'Open Tender',
        'published_dt': datetime(2018, 3, 24, 3, 30, tzinfo=timezone.utc),      # 24-Mar-2018 09:00 AM IST
        'start_dt': datetime(2018, 3, 24, 3, 30, tzinfo=timezone.utc),
        'end_dt': datetime(2018, 3, 29, 8, 30, tzinfo=timezone.utc),           # 29-Mar-2018 02:00 PM
        'opening_dt': datetime(2018, 3, 29, 9, 30, tzinfo=timezone.utc),       # 29-Mar-2018 03:00 PM
        'estimated_value': Decimal('7000000'),                                 # "70,00,000"
        'emd_amount': Decimal('140000'),                                       # "1,40,000"
        'emd_percent': Decimal('2.0'),                                         # "2.0%"
        'emd_required': True,
        'emd_exemption': True,
        'contract_date': date(2024, 3, 20),
        'contract_value': Decimal('6300000'),                                  # "INR 6,300,000"
        'category_name': 'Construction Works',
    }
    assert tenders['2018_WPTBC_6506_1']['raw']['Tender ID'] == '2018_WPTBC_6506_1'


def test_tender_without_emd_or_estimated_value(tenders):
    # 2021_ASPIR_22265_1: EMD "0.0" (fixed), Tender Value empty, "Single", Services, one-part organisation chain
    fields = tenders['2021_ASPIR_22265_1']
    assert (fields['emd_amount'], fields['emd_percent'], fields['emd_required']) == (Decimal('0'), None, False)
    assert fields['emd_exemption'] is False
    assert fields['estimated_value'] is None
    assert fields['contract_value'] == Decimal('4750000')                      # "INR 4,750,000"
    assert (fields['kind'], fields['bid_type']) == (ProcurementKind.services, 'Single')
    assert fields['buyer_department_raw'] == 'Finance Department - World Bank Tenders'
    assert fields['office_raw'] == 'Assam State Public Finance Institutional Reforms'


def test_placeholder_values_below_ten_rupees_are_no_value(tenders, bidders):
    assert tenders['2023_PHED_31275_1']['estimated_value'] is None             # Tender Value "0.0"
    assert tenders['2023_HFWD_31808_1']['contract_value'] is None              # "INR 1"
    assert tenders['2023_HFWD_31808_1']['raw']['Contract Value'] == 'INR 1'
    agam = bidders['2023_HFWD_31808_1', '202933']                              # Value 1.0, Rank 1.0, awarded 1.0
    assert (agam['financial_value'], agam['rank'], agam['is_awarded'], agam['awarded_value']) == (None, 1, True, None)
    assert agam['state'] is BidderState.awarded
    assert agam['raw']['financial_ranking']['Value'] == '1.0'


def test_bidders_of_the_first_tender(bidders):
    ganesh = bidders['2018_WPTBC_6506_1', '33009']                             # bid number "33009.0"
    assert {k: v for k, v in ganesh.items() if k != 'raw'} == {
        'bid_source': BidSource.gepnic,
        'bid_number': '2018_WPTBC_6506_1',
        'key': '33009',
        'name': 'Ganesh Neog',
        'submitted_dt': datetime(2018, 3, 27, 11, 56, tzinfo=timezone.utc),    # 27-Mar-2018 05:26 PM IST
        'status_raw': 'Rejected-Finance',
        'state': BidderState.disqualified_financial,
        'reason': 'Rejected',
        'financial_value': Decimal('7000000'),                                 # "70,00,000.00"
        'rank': 2,                                                             # "L2"
        'is_awarded': False,
        'awarded_value': None,
    }
    star = bidders['2018_WPTBC_6506_1', '33173']
    assert (star['name'], star['state'], star['rank']) == ('M/S STAR CONSTRUCTIONS', BidderState.awarded, 1)
    assert (star['financial_value'], star['awarded_value']) == (Decimal('6300000'), Decimal('6300000'))
    assert set(star['raw']) == {'bids', 'financial_ranking', 'awards'}


def test_roman_rank_li_is_l1_and_award_value_uses_international_grouping(bidders):
    # 2022_PWBNH_26698_1, 157037.0: Value "49,76,898.48", Rank "LI"; awarded "4,976,898"
    fields = bidders['2022_PWBNH_26698_1', '157037']
    assert (fields['rank'], fields['financial_value']) == (1, Decimal('4976898.48'))
    assert (fields['is_awarded'], fields['awarded_value']) == (True, Decimal('4976898'))
    assert fields['reason'] == 'accept'
    assert bidders['2022_PWBNH_26698_1', '156783']['state'] is BidderState.qualified    # Rejected-AOC


def test_not_admitted_and_technically_rejected_bidders_have_no_ranking(bidders):
    maya = bidders['2023_NHM_29878_2', '180490']
    assert (maya['state'], maya['reason'], maya['rank']) == (BidderState.not_admitted, 'Others-not responsive', None)
    mediciti = bidders['2022_NHM_27361_1', '160748']
    assert mediciti['state'] is BidderState.disqualified_technical
    assert set(mediciti['raw']) == {'bids'}


def test_bidder_with_an_h1_rank_keeps_its_status_without_ranking(sample_items, bidders):
    # 2023_ED_34187_1, 217235.0: Rank "H1" -> the ranking row is an error; the bidder itself is imported
    fields = bidders['2023_ED_34187_1', '217235']
    assert (fields['state'], fields['rank'], fields['financial_value']) == (BidderState.awarded, None, None)


# -- other forms of the same tables --------------------------------------------------------------------------------


def zip_bytes(members: dict[str, bytes]) -> io.BytesIO:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, 'w', zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    stream.seek(0)
    return stream


def sample_members(prefix: str = '', **names: str) -> dict[str, bytes]:
    return {prefix + names.get(table, f'{table}.csv'): (SAMPLE / f'{table}.csv').read_bytes() for table in TABLES}


def test_zip_gives_the_same_records_as_the_folder(sample_items, tmp_path):
    path = tmp_path / 'assam.zip'
    path.write_bytes(zip_bytes(sample_members()).getvalue())
    assert without_raw(read(path, 'assam.zip')) == without_raw(sample_items)


def test_zip_stream_with_a_folder_and_other_letter_case_is_read(sample_items):
    stream = zip_bytes({**sample_members('export/', tenders='Tenders.CSV', financial_ranking='Financial Ranking.csv'),
                        '__MACOSX/export/._bids.csv': b'junk', 'export/notes.txt': b'hello'})
    items = read(stream, 'export.ZIP')
    assert without_raw(items) == without_raw(sample_items)
    assert items[0].file == 'Tenders.CSV'


def test_xlsx_with_four_sheets_gives_the_same_records_as_the_folder(sample_items, tmp_path):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table, title in zip(TABLES, ('Tenders', 'BIDS', 'financial_ranking', 'Awards')):
        sheet = workbook.create_sheet(title)
        for row in csv_rows(table):
            sheet.append(row)
    path = tmp_path / 'assam.xlsx'
    workbook.save(path)
    items = read(path, 'assam.xlsx')
    assert without_raw(items) == without_raw(sample_items)
    assert items[0].file == 'assam.xlsx [Tenders]'


# -- bad inputs ------------------------------------------------------------------------------------------------


def rejected(path, filename: str) -> str:
    with pytest.raises(FileRejected) as caught:
        read(path, filename)
    return str(caught.value)


def test_zip_without_a_table_is_rejected_naming_it():
    members = sample_members()
    del members['awards.csv']
    assert '"awards" is missing' in rejected(zip_bytes(members), 'gepnic.zip')


def test_two_files_for_one_table_are_rejected(tmp_path):
    folder = copy_sample(tmp_path)
    shutil.copy(folder / 'bids.csv', folder / 'Bids.CSV')
    assert 'could be the GePNIC table "bids"' in rejected(folder, 'gepnic')


def test_one_csv_file_is_rejected():
    assert 'four tables' in rejected(SAMPLE / 'tenders.csv', 'tenders.csv')


def test_a_file_that_is_not_a_zip_is_rejected():
    assert 'not a valid .zip' in rejected(io.BytesIO(b'tender data'), 'gepnic.zip')


def test_zip_member_larger_than_the_limit_is_rejected():
    stream = zip_bytes(sample_members())
    with pytest.raises(FileRejected, match='larger than'):
        list(SHAPE.read(Source(stream, 'gepnic.zip'), {'max_bytes': 200_000, 'max_rows': 100_000}))


def test_table_without_a_required_column_is_rejected_naming_table_and_column(tmp_path):
    text = first_lines('bids', 3).replace('Tender ID,', 'Tender,', 1)
    message = rejected(copy_sample(tmp_path, bids=text), 'gepnic')
    assert message.startswith('bids.csv: ') and '"Tender ID"' in message


def test_bidder_of_a_tender_not_in_tenders_is_a_row_error(tmp_path):
    text = first_lines('bids', 3) + '2099_PWD_1_1,1.0,1.0,Nobody,01-Jan-2024 10:00 AM,Accepted-AOC,,\n'
    items = read(copy_sample(tmp_path, bids=text), 'gepnic')
    errors = [item for item in items if isinstance(item, ImportError_) and item.file == 'bids.csv']
    assert [(e.kind, e.row, e.column, e.value) for e in errors] == [('bidder', 4, 'Tender ID', '2099_PWD_1_1')]
    assert '2099_PWD_1_1' in str(errors[0].message)


def test_invalid_tender_id_rejects_the_tender_and_its_bidders(tmp_path):
    tenders_text = first_lines('tenders', 2).replace('2018_WPTBC_6506_1', 'WPTBC/6506', 2)
    items = read(copy_sample(tmp_path, tenders=tenders_text, bids=first_lines('bids', 3),
                             financial_ranking=first_lines('financial_ranking', 3),
                             awards=first_lines('awards', 2)), 'gepnic')
    assert not [item for item in items if isinstance(item, Record)]
    assert [(e.file, e.row, e.column) for e in items] == [
        ('tenders.csv', 2, 'Tender ID'),
        ('financial_ranking.csv', 2, 'Tender ID'), ('financial_ranking.csv', 3, 'Tender ID'),
        ('awards.csv', 2, 'Tender ID'),
        ('bids.csv', 2, 'Tender ID'), ('bids.csv', 3, 'Tender ID'),
    ]
    assert 'is not a GePNIC tender ID' in str(items[0].message)


def test_ranking_row_without_its_bid_is_an_error_and_award_found_by_name(tmp_path):
    ranking = first_lines('financial_ranking', 3) + '2018_WPTBC_6506_1,3.0,99999.0,Ghost Firm,"1,00,000.00",L3\n'
    awards = 'Tender ID,S.No,Bid Number,Bidder Name,Awarded Currency,Awarded Value\n' \
             '2018_WPTBC_6506_1,1.0,,M/S  Star Constructions,INR,"6,300,000"\n'
    items = read(copy_sample(tmp_path, tenders=first_lines('tenders', 2), bids=first_lines('bids', 3),
                             financial_ranking=ranking, awards=awards), 'gepnic')
    star = bidders_of(items)['2018_WPTBC_6506_1', '33173']
    assert (star['is_awarded'], star['awarded_value'], star['state']) == (True, Decimal('6300000'),
                                                                          BidderState.awarded)
    [error] = [item for item in items if isinstance(item, ImportError_)]
    assert (error.file, error.row, error.column, error.value) == ('financial_ranking.csv', 4, 'Bid Number', '99999')
    assert 'Ghost Firm' in str(error.message)


def test_bid_number_twice_in_a_tender_is_an_error(tmp_path):
    bids = first_lines('bids', 3) + first_lines('bids', 2).splitlines(keepends=True)[1]
    items = read(copy_sample(tmp_path, tenders=first_lines('tenders', 2), bids=bids,
                             financial_ranking=first_lines('financial_ranking', 3), awards=first_lines('awards', 2)),
                 'gepnic')
    errors = [item for item in items if isinstance(item, ImportError_)]
    assert [(e.file, e.row, e.value) for e in errors] == [('bids.csv', 4, '33009')]


def test_row_with_several_bad_values_reports_each(tmp_path):
    bids = first_lines('bids', 2) + '2018_WPTBC_6506_1,2.0,33173.0,,31-Feb-2018 04:15 AM,Accepted-AOC,,\n'
    items = read(copy_sample(tmp_path, tenders=first_lines('tenders', 2), bids=bids,
                             financial_ranking=first_lines('financial_ranking', 2), awards='Tender ID,Bidder Name\n'
                             '2018_WPTBC_6506_1,Ganesh Neog\n'), 'gepnic')
    errors = [item for item in items if isinstance(item, ImportError_)]
    assert {(e.file, e.row, e.column) for e in errors} == {('bids.csv', 3, 'Submitted Date'),
                                                           ('bids.csv', 3, 'Bidder Name')}


def test_award_in_another_currency_is_an_error(tmp_path):
    awards = first_lines('awards', 2).replace(',INR,', ',USD,')
    items = read(copy_sample(tmp_path, tenders=first_lines('tenders', 2), bids=first_lines('bids', 3),
                             financial_ranking=first_lines('financial_ranking', 3), awards=awards), 'gepnic')
    [error] = [item for item in items if isinstance(item, ImportError_)]
    assert (error.file, error.column, error.value) == ('awards.csv', 'Awarded Currency', 'USD')


# -- through the engine, into the database ------------------------------------------------------------------------


def run(db, path=SAMPLE, filename='gepnic'):
    from gemcell.gemdata.importers.engine import run_import
    batch = run_import(SHAPE, Source(path, filename), dry_run=False)
    db.session.commit()
    return batch


def test_sample_imports_tenders_and_bidders_and_again_all_unchanged(db):
    first = run(db)
    assert first.state is ImportState.committed, first.message
    assert first.counts == {'bid': {'new': 300, 'changed': 0, 'unchanged': 0, 'rejected': 0},
                            'bidder': {'new': 1478, 'changed': 0, 'unchanged': 0, 'rejected': 23}}
    assert first.error_count == 23
    again = run(db)
    assert again.counts == {'bid': {'new': 0, 'changed': 0, 'unchanged': 300, 'rejected': 0},
                            'bidder': {'new': 0, 'changed': 0, 'unchanged': 1478, 'rejected': 23}}


def test_zip_import_of_the_same_tables_changes_nothing(db):
    run(db)
    batch = run(db, zip_bytes(sample_members()), 'gepnic.zip')
    assert batch.counts['bid']['unchanged'] == 300 and batch.counts['bidder']['unchanged'] == 1478


def test_imported_bidders_are_linked_to_their_tender(db):
    run(db)
    bid = db.session.scalar(sa.select(Bid).filter_by(source=BidSource.gepnic, number='2018_WPTBC_6506_1'))
    assert [(b.name, b.rank, b.state, b.is_awarded) for b in bid.bidders] == [
        ('M/S STAR CONSTRUCTIONS', 1, BidderState.awarded, True),
        ('Ganesh Neog', 2, BidderState.disqualified_financial, False),
    ]
    assert (bid.estimated_value, bid.contract_value) == (Decimal('7000000'), Decimal('6300000'))
    orphans = db.session.scalar(sa.select(sa.func.count()).select_from(Bidder).where(Bidder.bid_id.is_(None)))
    assert orphans == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Bidder)) == 1478


def test_department_names_wait_in_the_alias_queue(db):
    run(db)
    departments = {row[1].split('||')[0].strip() for row in csv_rows('tenders')[1:]}
    aliases = db.session.scalars(sa.select(DepartmentAlias)).all()
    assert {alias.name for alias in aliases} == departments
    assert all(alias.department_id is None for alias in aliases)
    pwd = db.session.scalar(sa.select(DepartmentAlias).filter_by(key='public works roads department'))
    assert pwd.seen_count == 110
