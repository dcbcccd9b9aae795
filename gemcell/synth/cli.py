"""``flask gemcell synth --scale state [--seed N]``: fill an empty database with a synthetic State."""
import csv
import os
import time

import click

from gemcell.extensions import db
from gemcell.synth.world import SCALES

#: the password of every synthetic user, unless ``--password`` gives another
SYNTH_PASSWORD = 'gemcell-synth-2026'  # nosec B105 - synthetic users of a throw-away data set, printed by the command


@click.command('synth')
@click.option('--scale', type=click.Choice(sorted(SCALES)), required=True,
              help='state: 100 departments, 5,000 offices, 300,000 sellers, 200,000 bids (about 1,000,000 '
                   'bidders), 1,000,000 orders, 24 months of returns, 20,000 tickets; town: a hundredth of that.')
@click.option('--seed', type=int, default=2026, show_default=True, help='The same seed gives the same rows.')
@click.option('--today', type=click.DateTime(['%Y-%m-%d']),
              help='The day the data ends (its 24 months lead up to it); default: today in India.')
@click.option('--password', default=SYNTH_PASSWORD, show_default=True, help='Every synthetic user\'s password.')
@click.option('--force', is_flag=True,
              help='Delete every record first (all but the managed lists the migrations ship; stored document '
                   'files are left in the instance folder). On a large SQLite database, a new file and '
                   '"flask db upgrade" are faster.')
@click.option('--logins', type=click.Path(dir_okay=False, writable=True),
              help='Also write the users as CSV (login, role, department code) to this file, for a load test.')
def synth_command(scale, seed, today, password, force, logins):
    """Fill an empty database with a synthetic State: realistic shapes, deterministic from the seed."""
    from gemcell.cli import as_cli
    from gemcell.returns.queries import today as india_today
    from gemcell.synth.generate import SynthRefused, synthesise
    from gemcell.synth.loader import rollback_journal
    as_cli(db.session)
    day = today.date() if today else india_today()
    chosen = SCALES[scale]
    click.echo(f'Synthesising the {scale} scale (seed {seed}, data up to {day:%d.%m.%Y}) into '
               f'{db.engine.url.render_as_string(hide_password=True)} ...')
    started = time.perf_counter()

    def progress(stage, seconds, cpu):
        click.echo(f'  {seconds:7.1f} s  {stage}  (CPU {cpu:.1f} s)')
    with rollback_journal(db.engine):
        try:
            counts = synthesise(chosen, seed, day, password, force=force, progress=progress)
            db.session.commit()
        except SynthRefused as exc:
            db.session.rollback()
            raise click.ClickException(str(exc))
        except BaseException:
            db.session.rollback()
            raise
        finally:
            db.session.close()
    click.echo(f'  {time.perf_counter() - started:7.1f} s  committed (load average {os.getloadavg()[0]:.1f} on '
               f'{os.cpu_count()} cores)')
    click.echo('Rows written:')
    for table, count in sorted(counts.items(), key=lambda item: -item[1]):
        click.echo(f'  {table:<22} {count:>10,}')
    click.echo(f'Logins (password for all: {password}):')
    click.echo('  admin                  admin')
    click.echo('  cellhead               cell_head')
    click.echo(f'  reviewer.01 … reviewer.{chosen.reviewers:02d} reviewer')
    click.echo(f'  government.1 … government.{chosen.government} government')
    click.echo(f'  nodal.<department code in lower case>, e.g. nodal.health ({chosen.departments}): nodal')
    if logins:
        from gemcell.auth.models import User
        from gemcell.directory.models import Department
        codes = dict(db.session.execute(db.select(Department.id, Department.code)).all())
        with open(logins, 'w', newline='', encoding='utf-8') as file:
            writer = csv.writer(file)
            writer.writerow(['login', 'role', 'department'])
            for user in db.session.scalars(db.select(User).order_by(User.id)):
                writer.writerow([user.login, user.role.value, codes.get(user.department_id, '')])
        click.echo(f'Logins written to {logins}.')
