"""``flask gemcell import SHAPE PATH``: import a data file from the command line (audit actor ``cli``)."""
import json
import sys
from pathlib import Path

import click
from flask_babel import force_locale

from gemcell.extensions import db
from gemcell.gemdata.importers import SHAPES, get_shape
from gemcell.gemdata.importers.contract import Source
from gemcell.gemdata.importers.engine import run_import
from gemcell.gemdata.models import ImportBatch, ImportState
from gemcell.gemdata.signals import import_committed

EXIT_REJECTED = 2
OUTCOMES = ('new', 'changed', 'unchanged', 'rejected')


@click.command('import')
@click.argument('shape_name', metavar='SHAPE', type=click.Choice(list(SHAPES)))
@click.argument('path', type=click.Path(exists=True, path_type=Path))
@click.option('--profile', help='Column mapping profile (for the "mapped" shape).')
@click.option('--sheet', help='Template: the sheet a CSV file holds (Bids, Bidders, Orders, Sellers, Payments).')
@click.option('--dry-run', is_flag=True, help='Check and count only; store nothing but the import record.')
@click.option('--json', 'as_json', is_flag=True, help='Print one JSON object instead of the table.')
def import_command(shape_name: str, path: Path, profile: str | None, sheet: str | None, dry_run: bool,
                   as_json: bool) -> None:
    """Import PATH, a file of the given SHAPE, into gemcell (all or nothing, in one transaction)."""
    from gemcell.cli import as_cli
    if shape_name == 'mapped':
        from gemcell.gemdata.importers.mapped import get_profile
        if not profile:
            raise click.UsageError('The "mapped" shape needs --profile NAME (a saved column-mapping profile).')
        if get_profile(profile) is None:
            raise click.UsageError(f'There is no column-mapping profile "{profile}".')
    options = {key: value for key, value in (('profile', profile), ('sheet', sheet)) if value}
    as_cli(db.session)
    try:
        with force_locale('en'):
            batch = run_import(get_shape(shape_name), Source(str(path), path.name, options), dry_run=dry_run)
            report = batch_report(batch)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    if batch.state is ImportState.committed:
        import_committed.send(batch.id)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
    else:
        _print_table(batch, report)
    if batch.state is ImportState.rejected:
        sys.exit(EXIT_REJECTED)


def batch_report(batch: ImportBatch) -> dict:
    """The outcome as ``{"batch", "dry_run", "state", "message", "new": {kind: n}, "changed", "unchanged",
    "rejected", "errors": [{file, row, column, value, message}], "error_count"}``."""
    report: dict = {'batch': batch.id, 'dry_run': batch.is_dry_run, 'state': batch.state.value,
                    'message': batch.message}
    for outcome in OUTCOMES:
        report[outcome] = {kind: counts[outcome] for kind, counts in batch.counts.items()}
    report['errors'] = [{key: error[key] for key in ('file', 'row', 'column', 'value', 'message')}
                        for error in batch.errors]
    report['error_count'] = batch.error_count
    return report


def _print_table(batch: ImportBatch, report: dict) -> None:
    title = 'Dry run (nothing stored)' if batch.is_dry_run else 'Import'
    click.echo(f'{title} #{batch.id} of {batch.filename}: {batch.state.value}')
    if batch.message:
        click.echo(batch.message)
    if batch.counts:
        click.echo(f'{"kind":<10}' + ''.join(f'{outcome:>11}' for outcome in OUTCOMES))
        for kind in batch.counts:
            click.echo(f'{kind:<10}' + ''.join(f'{report[outcome][kind]:>11,}' for outcome in OUTCOMES))
    for error in report['errors'][:20]:
        where = f'{error["file"]} row {error["row"]}' + (f', {error["column"]}' if error['column'] else '')
        click.echo(f'  {where}: {error["message"]}', err=True)
    if batch.error_count > 20:
        click.echo(f'  … and {batch.error_count - 20:,} more errors', err=True)
