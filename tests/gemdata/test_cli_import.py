"""``flask gemcell import``: the counts table, --json, --dry-run and the exit codes."""
import json
from pathlib import Path

import sqlalchemy as sa

from gemcell.core.audit import AuditEntry
from gemcell.gemdata.models import ImportBatch, ImportState, Order

SAMPLE = str(Path(__file__).resolve().parent.parent / 'data' / 'gem-contracts.csv')


def invoke(runner, *args):
    return runner.invoke(args=['gemcell', 'import', *args])


def test_import_prints_the_counts_and_commits(db, runner):
    result = invoke(runner, 'gem-contracts', SAMPLE)
    assert result.exit_code == 0, result.output
    assert 'committed' in result.stdout
    assert [line.split() for line in result.stdout.splitlines() if line.startswith('order')] == \
        [['order', '38', '0', '0', '4']]
    assert 'row 6, contract_date' in result.stderr
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 38
    assert db.session.scalar(sa.select(AuditEntry.actor).where(AuditEntry.model == 'import_batches')) == 'cli'


def test_json_output_is_one_object(db, runner):
    result = invoke(runner, 'gem-contracts', SAMPLE, '--json')
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    batch = db.session.scalar(sa.select(ImportBatch))
    assert report['batch'] == batch.id and report['dry_run'] is False
    assert (report['new'], report['changed'], report['unchanged'], report['rejected']) == \
        ({'seller': 21, 'order': 38}, {'seller': 0, 'order': 0}, {'seller': 0, 'order': 0}, {'seller': 0, 'order': 4})
    assert report['errors'][0] == {
        'file': 'gem-contracts.csv', 'row': 6, 'column': 'contract_date', 'value': 'GEM/2025/B/7026328',
        'message': 'The column "contract_date" holds the bid number "GEM/2025/B/7026328" instead of the contract '
                   'date: the columns of this row are shifted in the source, so this row is left out.'}


def test_a_dry_run_stores_only_the_batch(db, runner):
    result = invoke(runner, 'gem-contracts', SAMPLE, '--dry-run', '--json')
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report['dry_run'] is True and report['new']['order'] == 38
    assert db.session.scalar(sa.select(ImportBatch.state)) is ImportState.dry_run
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 0


def test_a_rejected_file_exits_with_2(db, runner, tmp_path):
    path = tmp_path / 'bad.csv'
    path.write_text('Tender ID,Bidder Name\n2022_PWD_26485_11,M/S A\n', encoding='utf-8')
    result = invoke(runner, 'gem-contracts', str(path), '--json')
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report['new'] == {} and 'Required columns are missing' in report['message']
    assert db.session.scalar(sa.select(ImportBatch.state)) is ImportState.rejected


def test_the_template_csv_takes_a_sheet(db, runner, tmp_path):
    path = tmp_path / 'orders.csv'
    path.write_text('Contract number,Buyer department,Total value,Contract date\n'
                    'GEMC-511687789665064,X,100,08/01/2026\n', encoding='utf-8')
    result = invoke(runner, 'template', str(path), '--sheet', 'Orders', '--json')
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)['new'] == {'order': 1}


def test_unknown_and_unavailable_shapes_are_usage_errors(db, runner):
    assert invoke(runner, 'nonsense', SAMPLE).exit_code == 2
    result = invoke(runner, 'mapped', SAMPLE, '--profile', 'x')
    assert result.exit_code == 2 and 'no column-mapping profile "x"' in result.output
