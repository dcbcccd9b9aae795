"""``flask gemcell ocds-export OUT [--package] [--department CODE]``: gemcell's bids and orders (any source) as OCDS
1.1 compiled releases — JSON lines (one release per line), or with ``--package`` one release package. ``-`` writes to
standard output."""
import json

import click
import sqlalchemy as sa

from gemcell.extensions import db


@click.command('ocds-export')
@click.argument('out', type=click.File('w', encoding='utf-8'))
@click.option('--package', 'as_package', is_flag=True, help='Write one release package instead of JSON lines.')
@click.option('--department', 'department_code', help="Only this department's bids and orders (its code).")
def ocds_export_command(out, as_package: bool, department_code: str | None) -> None:
    """Export every bid (with its orders as contracts) and every order without a bid as OCDS compiled releases."""
    from gemcell.directory.models import Department
    from gemcell.gemdata.models import Bid, Order
    from gemcell.opendata.export import jsonl_chunks, iter_releases, package
    bids, orders = sa.select(Bid), sa.select(Order)
    if department_code:
        department = db.session.scalar(sa.select(Department).filter_by(code=department_code.upper()))
        if department is None:
            raise click.UsageError(f'There is no department with the code "{department_code}".')
        bids = bids.where(Bid.buyer_department_id == department.id)
        orders = orders.where(Order.buyer_department_id == department.id)
    releases = iter_releases(bids, orders)
    count = 0
    if as_package:
        document = package(releases, uri='urn:gemcell:ocds-export')
        count = len(document['releases'])
        json.dump(document, out, ensure_ascii=False, indent=1)
        out.write('\n')
    else:
        for line in jsonl_chunks(releases):
            out.write(line)
            count += 1
    click.echo(f'{count} releases written.', err=True)


@click.command('red-flags')
def red_flags_command() -> None:
    """Compute cardinal's statistical red flags (R024, R025, R038, R048, R058) over every bid, for the desk."""
    from gemcell.cli import as_cli
    from gemcell.opendata.operations import compute_snapshot
    as_cli(db.session)
    try:
        snapshot = compute_snapshot()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    flagged = sum(1 for row in snapshot.departments if row['r038'])
    click.echo(f'Red flags computed over {snapshot.processes} bids: {flagged} departments and '
               f'{len(snapshot.sellers)} sellers flagged.')
