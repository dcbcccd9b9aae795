"""``flask gemcell indicators FILE.jsonl [--settings FILE.ini] [--no-meta]``: cardinal's ``indicators`` command.

Reads one OCDS compiled release per line (``-`` for standard input) and prints cardinal's output: a JSON object of
groups (``OCID``, ``Tenderer``, ``Buyer``, ``ProcuringEntity``) → identifier → indicator → value, then ``Meta`` (the
quartiles and fences used). Lines that are not JSON are reported on standard error and skipped, as cardinal does.
Without ``--settings`` all eleven indicators run with cardinal's defaults; with it, those whose section the file has.
"""
import click

from gemcell.indicators.compute import Calculator, dumps, read_lines
from gemcell.indicators.settings import Settings, SettingsError, read_ini


@click.command('indicators')
@click.argument('file', type=click.File('r', encoding='utf-8'))
@click.option('--settings', 'settings_file', type=click.File('r', encoding='utf-8'),
              help="cardinal's INI settings (only the indicators with a section are computed).")
@click.option('--no-meta', is_flag=True, help='Leave out the "Meta" key (quartiles and fences).')
def indicators_command(file, settings_file, no_meta: bool) -> None:
    """Compute cardinal's red-flag indicators over FILE (OCDS compiled releases, one per line)."""
    try:
        settings = read_ini(settings_file.read()) if settings_file else Settings.defaults()
    except SettingsError as error:
        raise click.UsageError(f'--settings: {error}') from None
    calculator = Calculator(settings)
    for _number, value, error in read_lines(file):
        if error:
            click.echo(error, err=True)
        else:
            calculator.fold(value)
    click.echo(dumps(calculator.finalize().output(meta=not no_meta)))
