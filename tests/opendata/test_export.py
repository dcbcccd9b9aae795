"""The OCDS export: the CLI and the bids list's download, valid against the OCDS 1.1.5 release and package
schemas (with the bid extension and gemcell's own), the codes mapped to OCDS codelists, the user's scope kept."""
import json

from gemcell.opendata.ocds import bid_release
from tests.opendata.schema import errors, package_validator, release_validator


def _releases(text: str) -> dict:
    return {release['ocid']: release for release in map(json.loads, text.splitlines())}


def test_cli_exports_valid_compiled_releases(app, runner, ocds_data, db):
    db.session.commit()
    result = runner.invoke(args=['gemcell', 'ocds-export', '-'])
    assert result.exit_code == 0, result.output
    releases = _releases(result.stdout)
    assert set(releases) == {'ocds-upgemc-gem-GEM/2025/B/6810987', 'ocds-upgemc-gepnic-2022_PWD_26485_11',
                             'ocds-upgemc-order-GEMC-511687754738821'}
    for release in releases.values():
        assert errors(release_validator(), release) == []
    gem = releases['ocds-upgemc-gem-GEM/2025/B/6810987']
    tender = gem['tender']
    assert tender['procurementMethod'] == 'open' and tender['procurementMethodDetails'] == 'two packet'
    assert tender['mainProcurementCategory'] == 'goods' and tender['awardCriteria'] == 'priceOnly'
    assert tender['status'] == 'complete' and tender['numberOfTenderers'] == 3
    assert tender['value'] == {'amount': 1250000.5, 'currency': 'INR'}
    assert tender['tenderPeriod'] == {'startDate': '2025-03-01T05:30:00Z', 'endDate': '2025-03-11T09:30:00Z'}
    assert gem['buyer'] == {'id': 'UP-DEPT-HEALTH', 'name': 'Medical Health and Family Welfare'}
    assert [(d['id'], d['status']) for d in gem['bids']['details']] == [
        ('S1', 'valid'), ('S3', 'valid'), ('S2', 'disqualified')]
    assert gem['awards'][0]['suppliers'] == [{'id': f'GEM-{ocds_data["shiv"].gem_seller_id}', 'name': 'Shiv Traders'}]
    assert gem['contracts'][0]['id'] == 'GEMC-511687754738820'
    assert gem['contracts'][0]['gemcell']['buyingMode'] == 'bid'
    assert gem['gemcell']['emd'] == {'required': True, 'amount': 25000, 'percent': 2, 'exemption': True}
    gepnic = releases['ocds-upgemc-gepnic-2022_PWD_26485_11']
    # the bid rejected at the financial stage for being dearer than the winner lost on price: valid, not disqualified
    assert {d['id']: d['status'] for d in gepnic['bids']['details']} == {
        'B1': 'valid', 'B2': 'disqualified', 'B3': 'valid'}
    direct = releases['ocds-upgemc-order-GEMC-511687754738821']
    assert direct['tender']['procurementMethod'] == 'direct'
    assert direct['awards'][0]['value'] == {'amount': 18500, 'currency': 'INR'}


def test_cli_package_is_a_valid_release_package(app, runner, ocds_data, db):
    db.session.commit()
    result = runner.invoke(args=['gemcell', 'ocds-export', '-', '--package', '--department', 'health'])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert errors(package_validator(), document) == []
    assert document['version'] == '1.1'
    assert {r['ocid'] for r in document['releases']} == {'ocds-upgemc-gem-GEM/2025/B/6810987',
                                                         'ocds-upgemc-order-GEMC-511687754738821'}
    result = runner.invoke(args=['gemcell', 'ocds-export', '-', '--department', 'NOPE'])
    assert result.exit_code == 2 and 'NOPE' in result.output


def test_ocid_prefix_is_configurable(app, ocds_data):
    release = bid_release(ocds_data['gem'], prefix='ocds-abc123')
    assert release['ocid'] == 'ocds-abc123-gem-GEM/2025/B/6810987'
    assert release['id'].startswith(release['ocid'] + '-')


def test_download_from_the_bids_list_keeps_filters_and_scope(client, login_as, ocds_data, db, create_bid):
    create_bid(title='Stationery of another department')
    db.session.commit()
    login_as('reviewer')
    response = client.get('/opendata/bids.json?source=gepnic')
    assert response.status_code == 200
    document = json.loads(response.get_data(as_text=True))
    assert errors(package_validator(), document) == []
    assert [r['tender']['id'] for r in document['releases']] == ['2022_PWD_26485_11']
    response = client.get('/opendata/bids.json?format=jsonl')
    assert len(response.get_data(as_text=True).splitlines()) == 3
    client.post('/auth/logout')
    login_as('nodal', department=ocds_data['health'])
    releases = _releases(client.get('/opendata/bids.json?format=jsonl').get_data(as_text=True))
    assert list(releases) == ['ocds-upgemc-gem-GEM/2025/B/6810987']
    assert client.get('/opendata/bids.json?format=xml').status_code == 404
