"""The ``ocds`` import shape: export → import preserves every mapped field; invalid OCDS is reported per line
(not JSON, wrong types, no ocid) and a release is never half-imported; release and record packages; foreign OCDS
(cardinal's fixtures) maps as far as it goes."""
import io
import json
from pathlib import Path

import sqlalchemy as sa

from gemcell.gemdata.models import Bid, Bidder, BidderState, BidSource, ImportBatch, ImportState, Order

BID_FIELDS = ('source', 'number', 'parent_number', 'reference', 'title', 'description', 'buyer_department_id',
              'buyer_department_raw', 'office_raw', 'buyer_user_id', 'ministry', 'category_name', 'category_id',
              'kind', 'quantity', 'estimated_value', 'emd_required', 'emd_amount', 'emd_percent', 'emd_exemption',
              'epbg_percent', 'published_dt', 'start_dt', 'end_dt', 'opening_dt', 'bid_type', 'is_ra',
              'evaluation_method', 'is_custom_item', 'is_boq', 'mse_exemption', 'startup_exemption', 'atc_text',
              'status', 'contract_date', 'contract_value')
BIDDER_FIELDS = ('key', 'name', 'seller_id', 'submitted_dt', 'state', 'status_raw', 'reason', 'financial_value',
                 'rank', 'is_awarded', 'awarded_value')
ORDER_FIELDS = ('number', 'bid_id', 'bid_number', 'buyer_department_id', 'buyer_department_raw', 'office_raw',
                'buyer_designation', 'buyer_org_type', 'seller_id', 'seller_name', 'category_name', 'product',
                'brand', 'model', 'quantity', 'unit_price', 'total_value', 'buying_mode', 'order_dt', 'status',
                'crac_date', 'invoice_number', 'invoice_date', 'invoice_amount', 'payment_date', 'payment_amount')
CARDINAL = Path(__file__).parent.parent / 'data' / 'cardinal'


def _snapshot(db):
    bids = {(b.source, b.number): {f: getattr(b, f) for f in BID_FIELDS} | {
        'bidders': {x.key: {f: getattr(x, f) for f in BIDDER_FIELDS} for x in b.bidders}}
        for b in db.session.scalars(sa.select(Bid))}
    orders = {o.number: {f: getattr(o, f) for f in ORDER_FIELDS if f != 'bid_id'} | {
        'bid': o.bid.number if o.bid else None} for o in db.session.scalars(sa.select(Order))}
    return bids, orders


def _import(runner, path, *options):
    result = runner.invoke(args=['gemcell', 'import', 'ocds', str(path), '--json', *options])
    return result, json.loads(result.stdout) if result.stdout.strip().startswith('{') else None


def test_export_import_round_trip_preserves_every_mapped_field(runner, db, ocds_data, create_alias, tmp_path):
    create_alias(name='Medical Health and Family Welfare Department', department=ocds_data['health'])
    create_alias(name='Public Works Department')
    db.session.commit()
    before = _snapshot(db)
    out = tmp_path / 'export.jsonl'
    assert runner.invoke(args=['gemcell', 'ocds-export', str(out)]).exit_code == 0
    for model in (Order, Bidder, Bid):
        db.session.execute(sa.delete(model))
    db.session.commit()
    result, report = _import(runner, out)
    assert result.exit_code == 0, result.output
    assert report['error_count'] == 0, report['errors']
    assert report['new'] == {'bid': 2, 'bidder': 6, 'order': 2}
    db.session.expire_all()
    assert _snapshot(db) == before
    # a second import of the same file changes nothing
    result, report = _import(runner, out)
    assert report['unchanged'] == {'bid': 2, 'bidder': 6, 'order': 2}


def test_release_package_and_record_package(runner, db, ocds_data, tmp_path):
    db.session.commit()
    out = tmp_path / 'package.json'
    assert runner.invoke(args=['gemcell', 'ocds-export', str(out), '--package']).exit_code == 0
    package = json.loads(out.read_text())
    for model in (Order, Bidder, Bid):
        db.session.execute(sa.delete(model))
    db.session.commit()
    result, report = _import(runner, out, '--dry-run')
    assert result.exit_code == 0, result.output
    assert report['new'] == {'bid': 2, 'bidder': 6, 'order': 2}
    records = tmp_path / 'records.json'
    records.write_text(json.dumps({'uri': 'x', 'version': '1.1', 'publishedDate': package['publishedDate'],
                                   'records': [{'ocid': r['ocid'], 'compiledRelease': r}
                                               for r in package['releases']] + [{'ocid': 'no-compiled'}]}))
    result, report = _import(runner, records)
    assert report['new'] == {'bid': 2, 'bidder': 6, 'order': 2}
    assert report['errors'][0]['row'] == 4 and 'compiledRelease' in report['errors'][0]['message']
    assert db.session.scalar(sa.select(sa.func.count(Bid.id))) == 2


def test_invalid_releases_are_reported_per_line_and_never_half_imported(runner, db, tmp_path):
    good = {'ocid': 'ocds-x-1', 'tender': {'id': 'T1', 'title': 'Chairs', 'value': {'amount': 5000, 'currency': 'INR'}},
            'bids': {'details': [{'id': 'b1', 'status': 'valid', 'tenderers': [{'id': 'GEM-S1', 'name': 'Shiv'}]}]}}
    bad_bidder = {'ocid': 'ocds-x-2', 'tender': {'title': 'Tables'},
                  'bids': {'details': [{'id': 'b1', 'status': 'valid', 'tenderers': [{'id': 'A', 'name': 'A'}]},
                                       {'id': 'b2', 'status': 'won', 'tenderers': [{'id': 'B', 'name': 'B'}]}]}}
    lines = [json.dumps(good), 'this is not JSON', json.dumps({'tender': {'title': 'no ocid'}}),
             json.dumps({'ocid': 'ocds-x-3', 'tender': {'value': {'amount': '5,000', 'currency': 'INR'}}}),
             json.dumps({'ocid': 'ocds-x-4', 'tender': {'tenderPeriod': {'endDate': '31/12/2025'}}}),
             json.dumps({'ocid': 'ocds-x-5', 'tender': {'value': {'amount': 10, 'currency': 'USD'}}}),
             json.dumps(bad_bidder), '[1, 2]']
    path = tmp_path / 'releases.jsonl'
    path.write_text('\n'.join(lines) + '\n')
    result, report = _import(runner, path)
    assert result.exit_code == 0, result.output
    problems = {error['row']: (error['column'], error['message']) for error in report['errors']}
    assert set(problems) == {2, 3, 4, 5, 6, 7, 8}
    assert problems[3] == ('ocid', 'The release has no ocid (a text).')
    assert problems[4] == ('tender.value.amount', 'Expected a number.')
    assert problems[5][0] == 'tender.tenderPeriod.endDate'
    assert problems[6] == ('tender.value.currency', 'Only amounts in Indian rupees (INR) are imported.')
    assert problems[7][0] == 'bids.details.1.status'
    bids = db.session.scalars(sa.select(Bid)).all()
    assert [(b.source, b.number, b.title, b.estimated_value) for b in bids] == [
        (BidSource.manual, 'ocds-x-1', 'Chairs', 5000)]
    assert [(x.key, x.state, x.seller.gem_seller_id) for x in bids[0].bidders] == [
        ('b1', BidderState.qualified, 'S1')]
    assert db.session.scalar(sa.select(sa.func.count(Bidder.id))) == 1  # nothing of ocds-x-2


def test_hindi_messages(runner, db, tmp_path, app):
    path = tmp_path / 'r.jsonl'
    path.write_text(json.dumps({'tender': {}}) + '\n')
    from flask_babel import force_locale
    from gemcell.gemdata.importers.contract import Source
    from gemcell.gemdata.importers.ocds import SHAPE
    with app.test_request_context(), force_locale('hi'):
        error = next(iter(SHAPE.read(Source(str(path), 'r.jsonl'), {'max_bytes': 10 ** 6, 'max_rows': 10})))
        assert str(error.message) != 'The release has no ocid (a text).'


def test_foreign_releases_from_cardinal_fixtures(runner, db):
    result, report = _import(runner, CARDINAL / 'R035.jsonl')
    assert result.exit_code == 0, result.output
    assert report['new']['bid'] == 12
    bid = db.session.scalar(sa.select(Bid).filter_by(number='F2'))
    assert bid.source is BidSource.manual
    assert sorted((x.key, x.name, x.state.value, x.is_awarded) for x in bid.bidders) == [
        ('1', 'D', 'disqualified_technical', False), ('2', 'E', 'disqualified_technical', False),
        ('3', 'V', 'awarded', True)]


def test_import_page_checks_then_imports_a_release_package(client, login_as, db, ocds_data, runner, tmp_path):
    """Through the import page: the check writes nothing; the import writes the package's bids."""
    db.session.commit()
    out = tmp_path / 'package.json'
    assert runner.invoke(args=['gemcell', 'ocds-export', str(out), '--package']).exit_code == 0
    for model in (Order, Bidder, Bid):
        db.session.execute(sa.delete(model))
    db.session.commit()
    login_as('reviewer')
    response = client.post('/imports/new', content_type='multipart/form-data',
                           data={'shape': 'ocds', 'file': (io.BytesIO(out.read_bytes()), 'package.json')})
    assert response.status_code == 303
    checked = db.session.scalar(sa.select(ImportBatch).order_by(ImportBatch.id.desc()))
    assert checked.state is ImportState.dry_run and checked.counts['bid']['new'] == 2
    assert db.session.scalar(sa.select(sa.func.count(Bid.id))) == 0
    assert client.post(f'/imports/{checked.id}/commit').status_code == 303
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Bid.id))) == 2
