"""``flask gemcell scrutinise [--all] [--json]``: run the rule engine from the command line (audit actor ``cli``)."""
import json

import click

from gemcell.extensions import db


@click.command('scrutinise')
@click.option('--all', 'everything', is_flag=True,
              help='Scrutinise every bid and order, not only what changed since the last run.')
@click.option('--json', 'as_json', is_flag=True,
              help='Print the open findings per rule id and severity as JSON.')
def scrutinise_command(everything: bool, as_json: bool) -> None:
    """Run the scrutiny rules over the bids and orders that changed since the last run (or, with --all, all)."""
    from gemcell.cli import as_cli
    from gemcell.scrutiny.engine import open_counts, scrutinise
    as_cli(db.session)
    try:
        run = scrutinise('all' if everything else 'pending')
        counts = dict(run.counts)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    findings = open_counts(db.session)
    if as_json:
        click.echo(json.dumps({'run': run.id, 'counts': counts, 'open': findings}, ensure_ascii=False))
        return
    click.echo(f'Scrutiny run {run.id}: {counts["bids"]} bids, {counts["orders"]} orders, {counts["groups"]} '
               f'groups; {counts["new"]} new, {counts["updated"]} updated, {counts["superseded"]} superseded, '
               f'{counts["unchanged"]} unchanged findings.')
    for row in findings:
        click.echo(f'  {row["rule_id"]:<16} {row["severity"]:<10} {row["open"]:>8}')
