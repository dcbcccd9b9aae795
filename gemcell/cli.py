"""``flask gemcell ...``: the commands an operator runs."""
from pathlib import Path

import click
from flask.cli import AppGroup

from gemcell.core.audit import ChainBroken, verify_chain
from gemcell.core.permissions import Role
from gemcell.extensions import db
from gemcell.gemdata.cli import import_command
from gemcell.scrutiny.cli import scrutinise_command

gemcell_cli = AppGroup('gemcell', help='GeM Cell administration commands.')
gemcell_cli.add_command(import_command)
gemcell_cli.add_command(scrutinise_command)


def as_cli(session):
    session.info['audit_actor'] = (None, 'cli')


@gemcell_cli.command('create-admin')
@click.option('--login', default='admin', show_default=True)
@click.option('--name', default='System Administrator', show_default=True)
@click.password_option()
def create_admin(login, name, password):
    """Create a system administrator (or reset the password of an existing one)."""
    from gemcell.auth.models import User
    from gemcell.auth.operations import create_user
    from gemcell.auth.passwords import password_problem
    problem = password_problem(password, login)
    if problem is not None:
        raise click.ClickException(str(problem))
    as_cli(db.session)
    user = db.session.scalar(db.select(User).filter_by(login=login.lower()))
    if user is None:
        create_user(login=login, name=name, role=Role.admin, password=password)
        click.echo(f'Administrator {login} created.')
    else:
        if user.role is not Role.admin:
            raise click.ClickException(f'{login} exists and is not an administrator.')
        user.set_password(password)
        user.unlock()
        click.echo(f'Password of {login} reset.')
    db.session.commit()


@gemcell_cli.command('demo')
def demo():
    """Load the demo data (real departments and districts, offices, a user for every role). Safe to re-run."""
    from gemcell.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
    as_cli(db.session)
    counts = load_demo()
    db.session.commit()
    click.echo('Demo data: ' + ', '.join(f'{v} new {k}' for k, v in counts.items()))
    click.echo(f'Demo logins (password for all: {DEMO_PASSWORD}):')
    for login, _name, _designation, role, department in DEMO_USERS:
        click.echo(f'  {login:<14} {role.value:<11} {department or ""}')


@gemcell_cli.command('audit-verify')
def audit_verify():
    """Check the audit trail's hash chain; exit 1 at the first changed or missing entry."""
    try:
        count = verify_chain(db.session)
    except ChainBroken as exc:
        click.echo(f'AUDIT CHAIN BROKEN at entry {exc.entry_id}: {exc.reason}', err=True)
        raise SystemExit(1)
    click.echo(f'Audit trail intact: {count} entries.')


@gemcell_cli.command('backup')
@click.argument('target', type=click.Path(dir_okay=False, path_type=Path))
def backup_command(target):
    """Write the database and the stored files (issued documents, import uploads) to TARGET, a new .tar file."""
    from gemcell.core.backup import BackupError, backup
    try:
        manifest = backup(target)
    except BackupError as exc:
        raise click.ClickException(str(exc))
    click.echo(f'Backup written to {target}: {sum(manifest["tables"].values()):,} rows in '
               f'{len(manifest["tables"])} tables, {len(manifest["files"])} files.')


@gemcell_cli.command('restore')
@click.argument('source', type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(source):
    """Restore a backup into an empty database and instance folder, then check every table's rows, every file
    and the audit chain against it."""
    from gemcell.core.backup import BackupError, restore
    try:
        manifest = restore(source)
    except (BackupError, ChainBroken) as exc:
        raise click.ClickException(str(exc))
    click.echo(f'Restored from {source} (made {manifest["created"]}): {sum(manifest["tables"].values()):,} rows '
               f'and {len(manifest["files"])} files match the backup; the audit trail is intact.')


def init_app(app):
    from gemcell.documents.cli import document_cli
    gemcell_cli.add_command(document_cli)
    from gemcell.indicators.cli import indicators_command
    gemcell_cli.add_command(indicators_command)
    from gemcell.opendata.cli import ocds_export_command, red_flags_command
    gemcell_cli.add_command(ocds_export_command)
    gemcell_cli.add_command(red_flags_command)
    from gemcell.synth.cli import synth_command
    gemcell_cli.add_command(synth_command)
    app.cli.add_command(gemcell_cli)
